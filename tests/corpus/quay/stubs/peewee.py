"""Stand-in for the peewee names quay's data migrations define models with."""
__all__ = ["Model", "Field", "BooleanField", "CharField", "DateTimeField", "ForeignKeyField", "IntegerField",
           "TextField", "IntegrityError", "JOIN"]


class Field:
    def __init__(self, *args, **kwargs):
        pass


class BooleanField(Field):
    pass


class CharField(Field):
    pass


class DateTimeField(Field):
    pass


class ForeignKeyField(Field):
    pass


class IntegerField(Field):
    pass


class TextField(Field):
    pass


class Model:
    pass


class IntegrityError(Exception):
    pass


class JOIN:
    LEFT_OUTER = "LEFT OUTER"
