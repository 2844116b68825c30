# CTFd's flask_sqlalchemy instance; its scripts use it only for column types.
import sqlalchemy as db  # noqa: F401
