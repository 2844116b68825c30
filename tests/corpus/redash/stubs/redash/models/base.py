from sqlalchemy import Integer


def key_type(name):
    return Integer
