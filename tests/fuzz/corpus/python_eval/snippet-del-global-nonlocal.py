x = 1
y = [1, 2, 3]
del y[0], x
def f():
    z = 0
    def g():
        nonlocal z
        z = 5
    g()
    return z
result = (y, f(), 'x' in dir())
