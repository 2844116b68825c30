"""A stand-in for the few numpy names optuna's v3.0.0.c script uses (numpy
is not among the test machine's packages): float32 limits and NaN tests."""
import math

float32 = "float32"


class finfo:
    def __init__(self, dtype):
        assert dtype == float32
        self.max = 3.4028234663852886e38
        self.min = -3.4028234663852886e38


def isnan(x):
    return math.isnan(x)


def isclose(a, b):
    return math.isclose(a, b, rel_tol=1e-05, abs_tol=1e-08)


def isposinf(x):
    return x == math.inf


def isneginf(x):
    return x == -math.inf
