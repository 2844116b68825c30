from sqlalchemy_utils import TSVectorType  # noqa: F401
