"""Real Alembic's offline (--sql) output for the cases tst_sqlitedialect and
tst_batchrecreate render themselves. Prints {"case": "sql text", ...} as JSON.

With --scripts, the oracle of tst_scriptsql instead: reads {"case": {"dialect":
"sqlite" | "postgresql", "script": "<a whole migration script>"}} as JSON on
stdin, runs each script's upgrade() in Alembic's --sql mode configured as
Alembic's env.py template configures it (literal_binds=True, the "named"
paramstyle; with "convention": true, a target_metadata with
NAMING_CONVENTION), and prints {"case": {"sql": "...", "error": "Type: message"}}.
With --compile, reads {"case": {"dialect": ..., "expression": "<Python>",
"include_table": bool}}, and prints each SQLAlchemy expression compiled for
that dialect with literal_binds, the same way.
Run with Debian's /usr/bin/python3 (python3-alembic 1.8, SQLAlchemy 1.4; with
--scripts, plus 2.0's CITEXT and UUID names as tests/corpus/corpus.py adds them)."""
import io
import json
import re
import sys
import warnings

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
import sqlmodel.sql.sqltypes as st

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def run(fn):
    buf = io.StringIO()
    ctx = MigrationContext.configure(dialect_name="sqlite", opts={"as_sql": True, "output_buffer": buf})
    fn(Operations(ctx))
    return buf.getvalue()


def pet_table(m):
    sa.Table("user", m, sa.Column("id", sa.Integer, primary_key=True))
    return sa.Table(
        "pet", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("weight", sa.Float),
        sa.UniqueConstraint("name"),
        sa.Index("ix_pet_weight", "weight"),
    )


def batch_pet(op):
    pet = pet_table(sa.MetaData(naming_convention=NAMING_CONVENTION))
    with op.batch_alter_table("pet", copy_from=pet, recreate="always") as b:
        b.alter_column("name", new_column_name="title", existing_type=sa.String(50))
        b.alter_column("weight", type_=sa.Integer)
        b.drop_column("owner_id")
        b.add_column(sa.Column("species", sa.String, server_default="unknown", nullable=False))
        b.create_index("ix_pet_species", ["species"])


def batch_types(op):
    m = sa.MetaData()
    t = sa.Table(
        "thing", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer),
        sa.Column("b", sa.String),
        sa.Column("c", sa.Text),
        sa.Column("d", sa.DateTime),
        sa.Column("e", sa.String),
        sa.Column("f", sa.Numeric(10, 2)),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("thing.id")),
    )
    with op.batch_alter_table("thing", copy_from=t, recreate="always") as b:
        b.alter_column("a", type_=sa.BigInteger)   # same affinity: no CAST
        b.alter_column("b", type_=sa.Text)         # same affinity
        b.alter_column("c", type_=sa.Integer)      # CAST
        b.alter_column("d", type_=sa.Date)         # CAST
        b.alter_column("e", type_=sa.JSON)         # never CAST to JSON
        b.alter_column("f", type_=sa.Float, nullable=False)  # same affinity
        b.alter_column("id", new_column_name="thing_id")


def batch_quoted(op):
    m = sa.MetaData()
    t = sa.Table(
        "order", m,
        sa.Column("select", sa.Integer, primary_key=True),
        sa.Column("Mixed", sa.String(20)),
        sa.CheckConstraint('"Mixed" <> \'\'', name="mixed_not_empty"),
    )
    with op.batch_alter_table("order", copy_from=t, recreate="always") as b:
        b.alter_column("Mixed", type_=sa.Integer, new_column_name="from")


CASES = {
    "add_column_literal_default": lambda op: op.add_column(
        "pet", sa.Column("species", sa.String, server_default="unknown", nullable=False)),
    "add_column_text_default": lambda op: op.add_column(
        "pet", sa.Column("age", sa.Integer, server_default=sa.text("0"))),
    "add_column_quoted": lambda op: op.add_column(
        "select", sa.Column("Order", sa.String(20), server_default="it's")),
    "drop_column": lambda op: op.drop_column("pet", "age"),
    "rename_column": lambda op: op.alter_column("pet", "name", new_column_name="title"),
    "rename_table": lambda op: op.rename_table("pet", "animal"),
    "create_index": lambda op: op.create_index("ix_pet_name", "pet", ["name"], unique=True),
    "create_index_quoted": lambda op: op.create_index("Ix Both", "order", ["select", "a b"]),
    "drop_index": lambda op: op.drop_index("ix_pet_name", table_name="pet"),
    "drop_table": lambda op: op.drop_table("user"),
    "alter_column_generic": lambda op: op.alter_column(
        "pet", "name", nullable=True, server_default="x", type_=sa.Text, new_column_name="nm",
        existing_type=sa.String),
    "create_table_pet": lambda op: op.create_table(
        "pet",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", st.AutoString, nullable=False),
        sa.Column("owner_id", sa.Integer, nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], name=op.f("fk_pet_owner_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pet")),
        sa.UniqueConstraint("name", name=op.f("uq_pet_name")),
    ),
    "batch_pet": batch_pet,
    "batch_types": batch_types,
    "batch_quoted": batch_quoted,
}

def run_script(dialect, script, convention):
    buf = io.StringIO()
    opts = {"as_sql": True, "output_buffer": buf, "literal_binds": True}
    if convention:
        # env.py's target_metadata: its naming convention names what the
        # operations leave unnamed.
        opts["target_metadata"] = sa.MetaData(naming_convention=NAMING_CONVENTION)
    ctx = MigrationContext.configure(dialect_name=dialect, opts=opts, dialect_opts={"paramstyle": "named"})
    out = {"sql": "", "error": None}
    try:
        with Operations.context(ctx):
            scope = {"__name__": "migration_script"}
            exec(compile(script, "script.py", "exec"), scope)
            scope["upgrade"]()
    except Exception as e:  # reported per case: the suite expects some to fail
        # Object addresses differ from run to run.
        out["error"] = "%s: %s" % (type(e).__name__, re.sub(r" at 0x[0-9a-f]+", "", str(e)))
    out["sql"] = buf.getvalue()
    return out


def compile_expression(dialect, expression, include_table):
    from sqlalchemy.dialects import postgresql, sqlite
    # The paramstyle Alembic's env.py template compiles offline scripts with.
    d = {"sqlite": sqlite, "postgresql": postgresql}[dialect].dialect(paramstyle="named")
    out = {"sql": "", "error": None}
    try:
        e = eval(expression, {"sa": sa})
        out["sql"] = str(e.compile(dialect=d, compile_kwargs={"literal_binds": True, "include_table": include_table}))
    except Exception as e:
        out["error"] = "%s: %s" % (type(e).__name__, e)
    return out


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    if sys.argv[1:] == ["--compile"]:
        request = json.load(sys.stdin)
        json.dump({name: compile_expression(c["dialect"], c["expression"], c["include_table"])
                   for name, c in request.items()}, sys.stdout)
    elif sys.argv[1:] == ["--scripts"]:
        # Scripts name SQLAlchemy 2.0's postgresql.CITEXT and sa.UUID, which
        # petmigrate reads as 2.0 does: the corpus's compatibility, shared.
        import os
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "corpus"))
        import corpus
        corpus.sqlalchemy_compat()
        request = json.load(sys.stdin)
        json.dump({name: run_script(c["dialect"], c["script"], c.get("convention", False))
                   for name, c in request.items()}, sys.stdout)
    else:
        json.dump({name: run(fn) for name, fn in CASES.items()}, sys.stdout, indent=1, sort_keys=True)
