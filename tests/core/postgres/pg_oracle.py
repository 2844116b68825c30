"""SQLAlchemy 1.4 / Alembic 1.8 texts for PostgreSQL, the oracle of
tst_postgresdialect. Reads {"quote": [names], "compile": {case: expr},
"offline": {case: statements}, "bound": {case: value}} as JSON on stdin, prints the same keys with
the texts. `compile` expressions evaluate to a type or DDL construct and
are compiled with the postgresql dialect as SQLAlchemy executes them;
`offline` cases are Python statements run against `op` in Alembic's --sql
mode. `bound` values are Python literals given as they would be to a
column online: each answers [json.dumps(value), repr(value), the text
psycopg2 inlines for it]. Run with Debian's /usr/bin/python3."""
import io
import json
import sys

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable, DropTable, CreateIndex, DropIndex, AddConstraint, DropConstraint
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.ddl.postgresql import PostgresqlColumnType
from alembic.ddl import base as alembic_ddl
import sqlmodel.sql.sqltypes as st

DIALECT = postgresql.dialect()
CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def compiled(x):
    if isinstance(x, sa.types.TypeEngine):
        return DIALECT.type_compiler.process(x)
    return str(x.compile(dialect=DIALECT))


def offline(code):
    buf = io.StringIO()
    ctx = MigrationContext.configure(dialect_name="postgresql", opts={"as_sql": True, "output_buffer": buf})
    scope = {**globals(), "op": Operations(ctx)}
    exec(code, scope)
    # A case that is not an op (Table.drop through a mock engine) sets RESULT.
    return scope.get("RESULT", buf.getvalue())


def mock_engine(statements):
    def executor(sql, *multiparams, **params):
        statements.append(str(sql.compile(dialect=DIALECT)).replace("\t", "    ").strip() + ";\n\n")
    return sa.create_mock_engine("postgresql://", executor)


def main():
    request = json.load(sys.stdin)
    preparer = DIALECT.identifier_preparer
    env = {**globals(), "sa": sa, "postgresql": postgresql, "st": st, "CONVENTION": CONVENTION,
           "CreateTable": CreateTable, "DropTable": DropTable, "CreateIndex": CreateIndex,
           "DropIndex": DropIndex, "AddConstraint": AddConstraint, "DropConstraint": DropConstraint,
           "PostgresqlColumnType": PostgresqlColumnType, "alembic_ddl": alembic_ddl}
    out = {"quote": {name: preparer.quote(name) for name in request.get("quote", [])}, "compile": {}, "offline": {}}
    for case, expr in request.get("compile", {}).items():
        try:
            out["compile"][case] = compiled(eval(expr, env))
        except Exception as e:  # reported per case, so one bad case names itself
            out["compile"][case] = "ERROR: %s" % e
    from psycopg2.extensions import adapt
    out["bound"] = {}
    for case, literal in request.get("bound", {}).items():
        value = eval(literal)
        try:
            text = adapt(value).getquoted().decode()
        except Exception as e:
            text = "ERROR: %s" % e
        out["bound"][case] = [json.dumps(value), repr(value), text]
    for case, code in request.get("offline", {}).items():
        try:
            out["offline"][case] = offline(code)
        except Exception as e:
            out["offline"][case] = "ERROR: %s" % e
    json.dump(out, sys.stdout)


main()
