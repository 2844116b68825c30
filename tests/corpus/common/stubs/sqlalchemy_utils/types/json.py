from sqlalchemy_utils import JSONType  # noqa: F401
