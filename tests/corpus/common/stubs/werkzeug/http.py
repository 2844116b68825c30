from email.utils import format_datetime


def http_date(timestamp):
    return format_datetime(timestamp, usegmt=True)
