import json

from sqlalchemy import Text
from sqlalchemy.ext.mutable import Mutable
from sqlalchemy.types import TypeDecorator
from sqlalchemy_utils import EncryptedType


class Configuration(TypeDecorator):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return json.dumps(value)

    def process_result_value(self, value, dialect):
        return json.loads(value)


class EncryptedConfiguration(EncryptedType):
    pass


class MutableDict(Mutable, dict):
    @classmethod
    def coerce(cls, key, value):
        return value if isinstance(value, MutableDict) else MutableDict(value)


class MutableList(Mutable, list):
    @classmethod
    def coerce(cls, key, value):
        return value if isinstance(value, MutableList) else MutableList(value)
