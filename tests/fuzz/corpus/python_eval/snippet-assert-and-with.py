class Ctx:
    def __enter__(self):
        return 'entered'
    def __exit__(self, *exc):
        return False
with Ctx() as a, Ctx() as b:
    assert a == b, 'same'
assert len([]) == 1, 'empty list'
