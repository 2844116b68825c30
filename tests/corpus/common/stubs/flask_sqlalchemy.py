"""Stand-in for Flask-SQLAlchemy's SQLAlchemy(): SQLAlchemy's names, and a
session that can be made but not used outside the running application."""
import sqlalchemy as _sa


class _NoSession:
    def __getattr__(self, name):
        raise RuntimeError("the application's database session is not available outside the application")


class _SessionFactory(_NoSession):
    def __call__(self, *args, **kwargs):
        return _NoSession()


class SQLAlchemy:
    def __init__(self, *args, **kwargs):
        self.session = _SessionFactory()

    def __getattr__(self, name):
        return getattr(_sa, name)
