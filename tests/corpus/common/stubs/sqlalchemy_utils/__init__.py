"""Stand-in for the sqlalchemy_utils types the corpus scripts use (not among
the test machine's packages). Each renders as the real one does on
PostgreSQL; values pass through unencrypted."""
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeDecorator

from sqlalchemy_utils.types.encrypted.encrypted_type import EncryptedType, StringEncryptedType  # noqa: F401


class TSVectorType(TypeDecorator):
    impl = postgresql.TSVECTOR
    cache_ok = True

    def __init__(self, *columns, **kwargs):
        super().__init__()


class ArrowType(TypeDecorator):
    impl = sa.DateTime
    cache_ok = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class UUIDType(TypeDecorator):
    """Native UUID on PostgreSQL; elsewhere BINARY(16), or CHAR(32) when not
    binary (sqlalchemy_utils' load_dialect_impl)."""
    impl = sa.types.BINARY(16)
    cache_ok = True

    def __init__(self, binary=True, native=True):
        super().__init__()
        self.binary = binary
        self.native = native

    def load_dialect_impl(self, dialect):
        if self.native and dialect.name == "postgresql":
            return postgresql.UUID()
        return sa.types.BINARY(16) if self.binary else sa.types.CHAR(32)


class JSONType(TypeDecorator):
    impl = postgresql.JSON
    cache_ok = True


class PasswordType(TypeDecorator):
    impl = sa.types.VARBINARY(1024)
    cache_ok = True

    def __init__(self, max_length=None, **kwargs):
        super().__init__()


class ChoiceType(TypeDecorator):
    impl = sa.Unicode(255)
    cache_ok = True

    def __init__(self, choices, impl=None):
        super().__init__()
        if impl is not None:
            self.impl = impl


class URLType(TypeDecorator):
    impl = sa.UnicodeText
    cache_ok = True


class EmailType(TypeDecorator):
    impl = sa.Unicode(255)
    cache_ok = True

    def __init__(self, length=255, *args, **kwargs):
        super().__init__(length=length, *args, **kwargs)


# The type modules scripts reach as sqlalchemy_utils.types.<module>.<Type>
# (sqlalchemy_utils imports them with its package); last, as they re-export
# the classes above.
from sqlalchemy_utils.types import json, ts_vector, uuid  # noqa: E402,F401
