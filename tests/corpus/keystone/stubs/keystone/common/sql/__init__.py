import sqlalchemy as sql
from sqlalchemy import types as sql_types

Text = sql.Text


class JsonBlob(sql_types.TypeDecorator):
    """JSON kept as text, as keystone's."""
    impl = sql.Text
    cache_ok = True


class DateTimeInt(sql_types.TypeDecorator):
    """A datetime kept as microseconds since the epoch, as keystone's."""
    impl = sql.BigInteger
    cache_ok = True
