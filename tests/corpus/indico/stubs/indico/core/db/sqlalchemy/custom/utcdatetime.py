from sqlalchemy import types


class UTCDateTime(types.TypeDecorator):
    """indico's timezone-aware DateTime: a plain DateTime column."""

    impl = types.DateTime
    cache_ok = True
