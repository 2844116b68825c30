from datetime import datetime, timezone


def time_utcnow():
    """A timezone aware UTC timestamp, as flaskbb's."""
    return datetime.now(timezone.utc)
