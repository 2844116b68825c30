from sqlalchemy.orm import Session

from pgadmin.model import Version


def get_version_for_migration(op):
    try:
        session = Session(bind=op.get_bind())
        version = session.query(Version).filter_by(name="ConfigDB").first()
    except Exception:
        return -1
    return version.value if version else -1


def user_info():
    """The first administrator's e-mail and password (pgAdmin asks for them)."""
    return "admin@example.org", "corpus-password"
