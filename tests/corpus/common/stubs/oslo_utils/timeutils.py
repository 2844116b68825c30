import datetime


def utcnow(with_timezone=False):
    """The current UTC time, naive unless with_timezone, as oslo's."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now if with_timezone else now.replace(tzinfo=None)
