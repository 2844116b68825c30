"""indico's PyIntEnum as its scripts render it: a SMALLINT column that, once
attached to a table, adds CHECK (col IN (<members>)) named valid_enum_<col>."""
from sqlalchemy import type_coerce
from sqlalchemy.event import listens_for
from sqlalchemy.sql.schema import CheckConstraint
from sqlalchemy.sql.sqltypes import SchemaType, SmallInteger
from sqlalchemy.sql.type_api import TypeDecorator


class PyIntEnum(TypeDecorator, SchemaType):
    impl = SmallInteger
    cache_ok = True

    def __init__(self, enum=None, exclude_values=None):
        self.enum = enum
        self.exclude_values = frozenset(exclude_values or ())
        TypeDecorator.__init__(self)
        SchemaType.__init__(self)

    def process_bind_param(self, value, dialect):
        return None if value is None else int(self.enum(value))


@listens_for(PyIntEnum, "before_parent_attach")
def _attach_check(type_, col):
    @listens_for(col, "after_parent_attach")
    def _on_table(col, table):
        values = [x.value for x in type_.enum if x not in type_.exclude_values]
        CheckConstraint(type_coerce(col, SmallInteger).in_(values), f"valid_enum_{col.name}")
