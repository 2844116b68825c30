import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


class FernetEngine:
    pass


class AesEngine:
    pass


class StringEncryptedType(TypeDecorator):
    impl = sa.String
    cache_ok = True

    def __init__(self, type_in=None, key=None, engine=None, padding=None, **kwargs):
        super().__init__(**kwargs)


class EncryptedType(StringEncryptedType):
    impl = sa.LargeBinary
