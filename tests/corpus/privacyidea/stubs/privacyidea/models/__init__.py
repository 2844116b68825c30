"""The application's models and Flask-SQLAlchemy object: only the running
application has them (its metadata, its session)."""
from privacyidea._app import needs_application


class _Unavailable:
    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        needs_application("%s.%s" % (self._name, attr))

    def __call__(self, *args, **kwargs):
        needs_application(self._name)


db = _Unavailable("privacyidea.models.db")
EventHandlerOption = _Unavailable("EventHandlerOption")
Resolver = _Unavailable("Resolver")
TokenRealm = _Unavailable("TokenRealm")
