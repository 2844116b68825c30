"""What only the running privacyidea application can do: a script that
reaches it fails here, in Alembic as in petmigrate."""


def needs_application(name):
    raise RuntimeError("%s needs the running privacyidea application" % name)
