"""Stand-in for the alembic_postgresql_enum names warehouse's scripts import.
The real package also registers an operation, op.sync_enum_values(); that
one is not reproduced, so the revisions that call it fail in Alembic here."""
import enum
from dataclasses import dataclass
from typing import Optional


class ColumnType(enum.Enum):
    COMMON = "common"
    ARRAY = "array"


@dataclass
class TableReference:
    table_name: str
    column_name: str
    table_schema: Optional[str] = None
    column_type: ColumnType = ColumnType.COMMON
    existing_server_default: Optional[str] = None
