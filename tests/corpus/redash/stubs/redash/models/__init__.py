import sqlalchemy as _sa

from redash.models.types import MutableDict  # noqa: F401


class _Db:
    """Flask-SQLAlchemy's instance: column types, and a session that only
    exists inside a running redash."""

    def __getattr__(self, name):
        if name == "session":
            raise RuntimeError("redash's own database session is not available outside redash")
        return getattr(_sa, name)


db = _Db()


class Dashboard:
    pass


class Widget:
    pass
