"""Only what the v3.0.0.a data migration calls; its rows never exist in the
corpus's fresh databases, so these are never reached with data."""
import json


class BaseDistribution:
    def __init__(self, **params):
        self.__dict__.update(params)


class FloatDistribution(BaseDistribution):
    pass


class IntDistribution(BaseDistribution):
    pass


class UniformDistribution(BaseDistribution):
    pass


class LogUniformDistribution(BaseDistribution):
    pass


class DiscreteUniformDistribution(BaseDistribution):
    pass


class IntUniformDistribution(BaseDistribution):
    pass


class IntLogUniformDistribution(BaseDistribution):
    pass


def distribution_to_json(distribution):
    return json.dumps({"name": type(distribution).__name__, "attributes": distribution.__dict__})


def json_to_distribution(text):
    data = json.loads(text)
    return globals()[data["name"]](**data["attributes"])


def _convert_old_distribution_to_new_distribution(distribution):
    return distribution
