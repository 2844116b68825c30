from sqlalchemy.ext.mutable import Mutable


class ConfigurationContainer(Mutable):
    @classmethod
    def coerce(cls, key, value):
        return value
