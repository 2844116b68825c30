"""jupyterhub.orm as its migrations use it: the JSON column types (TEXT
underneath), the MetaData naming convention, and the declarative Base and
model names that the data migrations reach only when their tables exist."""
import json

from sqlalchemy import Column, Integer, MetaData, Text, Unicode
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator


class JSONDict(TypeDecorator):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return json.dumps(value) if value is not None else None

    def process_result_value(self, value, dialect):
        return json.loads(value) if value is not None else None


class JSONList(JSONDict):
    pass


meta = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
Base = declarative_base(metadata=meta)


class Role(Base):
    __tablename__ = "roles"
    id = Column(Integer, primary_key=True)
    name = Column(Unicode(255), unique=True)
    managed_by_auth = Column(Integer)


class APIToken(Base):
    __tablename__ = "api_tokens"
    id = Column(Integer, primary_key=True)
    scopes = Column(JSONList)


class Spawner(Base):
    __tablename__ = "spawners"
    id = Column(Integer, primary_key=True)
    display_name = Column(Unicode(255))


class OAuthClient(Base):
    __tablename__ = "oauth_clients"
    id = Column(Integer, primary_key=True)
    identifier = Column(Unicode(255), unique=True)
    allowed_scopes = Column(JSONList)
