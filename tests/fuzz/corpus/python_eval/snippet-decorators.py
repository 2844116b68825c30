calls = []
def logged(fn):
    def wrapper(*args, **kwargs):
        calls.append(fn.__name__)
        return fn(*args, **kwargs)
    return wrapper
@logged
def add(a, b):
    return a + b
result = (add(1, 2), add(b=3, a=4), calls)
