import datetime


class tzutc(datetime.tzinfo):
    """UTC, as dateutil's tzutc: offset zero, no daylight saving."""

    def utcoffset(self, dt):
        return datetime.timedelta(0)

    def dst(self, dt):
        return datetime.timedelta(0)

    def tzname(self, dt):
        return "UTC"
