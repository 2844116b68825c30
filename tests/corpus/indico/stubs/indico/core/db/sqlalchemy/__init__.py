from indico.core.db.sqlalchemy.custom.int_enum import PyIntEnum  # noqa: F401
from indico.core.db.sqlalchemy.custom.utcdatetime import UTCDateTime  # noqa: F401
