class Base:
    kind = 'base'
    def __init__(self, name):
        self.name = name
    def describe(self):
        return '%s:%s' % (self.kind, self.name)
    @property
    def upper(self):
        return self.name.upper()
    @staticmethod
    def make():
        return Child('c')
class Child(Base):
    kind = 'child'
    def describe(self):
        return 'child of ' + super().describe()
    def __repr__(self):
        return 'Child(%r)' % self.name
c = Base.make()
result = (c.describe(), c.upper, isinstance(c, Base), repr(c), type(c).__name__)
