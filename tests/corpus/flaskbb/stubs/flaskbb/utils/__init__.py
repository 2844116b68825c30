from flaskbb.utils import database, helpers  # noqa: F401
