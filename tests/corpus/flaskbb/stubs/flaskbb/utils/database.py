import sqlalchemy as sa


class UTCDateTime(sa.types.TypeDecorator):
    """flaskbb stores aware datetimes as naive UTC: DDL is a DateTime's."""
    impl = sa.types.DateTime
    cache_ok = True
