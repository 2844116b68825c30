"""pgadmin.model as its migrations use it: the Flask-SQLAlchemy instance and
the models that data migrations query on an existing configuration
database. The instance has no engine here: the revision that creates a
table through it (09d53fca90c7) cannot run outside pgAdmin."""
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class _Db:
    metadata = Base.metadata
    Model = Base

    @property
    def engine(self):
        raise RuntimeError("pgAdmin's own database engine is not available outside pgAdmin")

    @property
    def session(self):
        raise RuntimeError("pgAdmin's own database session is not available outside pgAdmin")


db = _Db()


class Version(Base):
    __tablename__ = "version"
    name = sa.Column(sa.String(32), primary_key=True)
    value = sa.Column(sa.Integer, nullable=False)


class User(Base):
    __tablename__ = "user"
    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(256))
    password = sa.Column(sa.String(256))
    active = sa.Column(sa.Boolean())
    confirmed_at = sa.Column(sa.DateTime())


class Role(Base):
    __tablename__ = "role"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(128))


class Keys(Base):
    __tablename__ = "keys"
    name = sa.Column(sa.String(), primary_key=True)
    value = sa.Column(sa.String(), nullable=False)


class Server(Base):
    __tablename__ = "server"
    id = sa.Column(sa.Integer, primary_key=True)


class ModulePreference(Base):
    __tablename__ = "module_preference"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(256), nullable=False)


class PreferenceCategory(Base):
    __tablename__ = "preference_category"
    id = sa.Column(sa.Integer, primary_key=True)
    mid = sa.Column(sa.Integer, sa.ForeignKey("module_preference.id"))
    name = sa.Column(sa.String(256), nullable=False)


class Preferences(Base):
    __tablename__ = "preferences"
    id = sa.Column(sa.Integer, primary_key=True)
    cid = sa.Column(sa.Integer, sa.ForeignKey("preference_category.id"))
    name = sa.Column(sa.String(256), nullable=False)
