import datetime

from sqlalchemy import DateTime, TypeDecorator


class TZDateTime(TypeDecorator):
    """warehouse's timezone-aware DateTime: a plain DateTime column."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value
