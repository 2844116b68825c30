"""glance's type factories: each returns a new SQLAlchemy type."""
import sqlalchemy


def String(length):
    return sqlalchemy.types.String(length=length)


def Text():
    return sqlalchemy.types.Text(length=None)


def Boolean():
    return sqlalchemy.types.Boolean(create_constraint=True, name=None)


def DateTime():
    return sqlalchemy.types.DateTime(timezone=False)


def Integer():
    return sqlalchemy.types.Integer()


def BigInteger():
    return sqlalchemy.types.BigInteger()
