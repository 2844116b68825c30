from sqlalchemy_utils import UUIDType  # noqa: F401
