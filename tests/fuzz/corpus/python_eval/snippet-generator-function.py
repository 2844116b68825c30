def gen():
    yield 1
result = list(gen())
