"""Reference databases for tst_sqliteinspector, made by real SQLAlchemy/SQLModel.

Usage: make_fixtures.py OUTDIR

For each fixture set it creates OUTDIR/<set>.db, then prints one JSON object:
  {"versions": {...},
   "sets": {"<set>": {"db": path,
                      "create_sql": {"<table>": CreateTable(...) compiled for SQLite},
                      "create_index_sql": {"<index>": CreateIndex(...) compiled},
                      "inspect": {"<table>": SQLAlchemy's Inspector view}}}}
The C++ test declares the same models, compares its CREATE TABLE text with
create_sql and its reflection of the file with inspect.
"""
import json
import os
import sys
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable
import sqlmodel
from sqlmodel import Field, SQLModel
import sqlmodel.sql.sqltypes as st

# The seed tutorial's convention (seed-tutorial.txt).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def tutorial():
    SQLModel.metadata.naming_convention = NAMING_CONVENTION

    class User(SQLModel, table=True):
        id: Optional[int] = Field(default=None, primary_key=True)
        name: str

    class Pet(SQLModel, table=True):
        id: Optional[int] = Field(default=None, primary_key=True)
        name: str

    return SQLModel.metadata


def petmanager():
    m = sa.MetaData(naming_convention=NAMING_CONVENTION)
    sa.Table(
        "user", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", st.AutoString, nullable=False),
        sa.Column("email", st.AutoString(120), nullable=True),
        sa.Index("ix_user_email", "email", unique=True),
    )
    sa.Table(
        "pet", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", st.AutoString, nullable=False),
        sa.Column("species", st.AutoString, nullable=False, server_default="unknown"),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True),
        sa.Column("weight_kg", sa.Float, nullable=True),
        sa.Column("born", sa.Date, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.CheckConstraint("weight_kg > 0", name="positive_weight"),
        sa.UniqueConstraint("name", "owner_id"),
        sa.Index("ix_pet_species", "species"),
    )
    return m


def types():
    m = sa.MetaData()
    sa.Table(
        "everything", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("big", sa.BigInteger),
        sa.Column("small", sa.SmallInteger),
        sa.Column("flag", sa.Boolean),
        sa.Column("ratio", sa.Float),
        sa.Column("price", sa.Numeric(10, 2)),
        sa.Column("amount", sa.Numeric(8)),
        sa.Column("s", sa.String),
        sa.Column("s50", sa.String(50)),
        sa.Column("auto", st.AutoString),
        sa.Column("body", sa.Text),
        sa.Column("day", sa.Date),
        sa.Column("stamp", sa.DateTime),
        sa.Column("clock", sa.Time),
        sa.Column("data", sa.LargeBinary),
        sa.Column("mood", sa.Enum("happy", "grumpy", name="mood")),
        sa.Column("doc", sa.JSON),
        sa.Column("uid", st.GUID),
        sa.Column("span", sa.Interval),
        sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.text("0")),
        sa.Column("note", sa.String(20), server_default="it's"),
    )
    return m


def quoting():
    m = sa.MetaData()
    sa.Table(
        "order", m,
        sa.Column("select", sa.Integer, primary_key=True),
        sa.Column("Mixed", sa.Integer, primary_key=True),
        sa.Column("1st", sa.String(10)),
        sa.Column("a b", sa.Integer),
        sa.Column("parent_select", sa.Integer),
        sa.Column("parent_mixed", sa.Integer),
        sa.ForeignKeyConstraint(["parent_select", "parent_mixed"], ["order.select", "order.Mixed"],
                                name="fk_order_parent", ondelete="CASCADE", onupdate="RESTRICT"),
        sa.UniqueConstraint("1st", name="uq_first"),
        sa.Index("ix_order_ab", "a b"),
    )
    sa.Table(
        "user", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("order_select", sa.Integer),
        sa.Column("order_mixed", sa.Integer),
        sa.ForeignKeyConstraint(["order_select", "order_mixed"], ["order.select", "order.Mixed"]),
        sa.UniqueConstraint("order_select", "order_mixed"),
        sa.CheckConstraint("id > 0"),
    )
    return m


MODEL_SETS = {
    "tutorial": tutorial,
    "petmanager": petmanager,
    "types": types,
    "quoting": quoting,
}

# Hand-written DDL: the shapes SQLAlchemy does not write but reflects
# (inline constraints, odd spellings, expression indexes).
RAW_SETS = {
    "raw": [
        "CREATE TABLE owner (id INTEGER PRIMARY KEY, email TEXT UNIQUE, nick VARCHAR(20) NOT NULL)",
        "CREATE TABLE animal (\n"
        "  id integer not null,\n"
        "  owner_id INT REFERENCES owner,\n"
        "  tag nvarchar(12) UNIQUE,\n"
        "  price DECIMAL(7, 3) DEFAULT 1.5,\n"
        "  w DOUBLE PRECISION,\n"
        "  r REAL,\n"
        "  misc,\n"
        "  blobby XBLOB,\n"
        "  money MONEY,\n"
        "  ts TIMESTAMP DEFAULT (datetime('now')),\n"
        "  flag BOOL,\n"
        "  b8 INT8,\n"
        "  cl CLOB,\n"
        "  CONSTRAINT animal_pk PRIMARY KEY (id),\n"
        "  CONSTRAINT fk_animal_owner FOREIGN KEY (owner_id) REFERENCES owner (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,\n"
        "  CONSTRAINT price_positive CHECK (price >= 0),\n"
        "  CHECK (r < 100)\n"
        ")",
        "CREATE INDEX ix_animal_lower_tag ON animal (lower(tag))",
        "CREATE UNIQUE INDEX ix_animal_owner_tag ON animal (owner_id, tag)",
        "CREATE INDEX ix_animal_partial ON animal (price) WHERE price > 10",
        'CREATE TABLE "Weird Name" ("Col One" INTEGER, "x" TEXT, PRIMARY KEY ("Col One", x))',
        "CREATE VIEW animal_names AS SELECT id, tag FROM animal",
    ],
}


def type_view(t):
    return {"repr": repr(t), "class": type(t).__name__, "module": type(t).__module__}


def inspect_view(engine):
    out = {}
    for name in sa.inspect(engine).get_table_names():
        # A fresh Inspector per table: SQLAlchemy 1.4's get_pk_constraint
        # sorts the cached get_columns() list in place (pk columns last), so
        # reflecting a table whose FK names no referred columns reorders the
        # referred table's columns in the shared cache.
        insp = sa.inspect(engine)
        cols = [dict(c) for c in insp.get_columns(name)]
        out[name] = {
            "columns": [
                {
                    "name": c["name"],
                    "type": type_view(c["type"]),
                    "nullable": c["nullable"],
                    "default": c["default"],
                    "primary_key": c["primary_key"],
                }
                for c in cols
            ],
            "pk": insp.get_pk_constraint(name),
            "fks": [
                {
                    "name": fk["name"],
                    "constrained_columns": fk["constrained_columns"],
                    "referred_table": fk["referred_table"],
                    "referred_columns": fk["referred_columns"],
                    "options": fk["options"],
                }
                for fk in insp.get_foreign_keys(name)
            ],
            "uniques": insp.get_unique_constraints(name),
            "checks": insp.get_check_constraints(name),
            "indexes": sorted(
                (
                    {"name": i["name"], "column_names": i["column_names"], "unique": bool(i["unique"])}
                    for i in insp.get_indexes(name)
                ),
                key=lambda i: i["name"],
            ),
        }
    return out


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    dialect = sqlite.dialect()
    result = {
        "versions": {"sqlalchemy": sa.__version__, "sqlmodel": sqlmodel.__version__},
        "sets": {},
    }
    for set_name, build in MODEL_SETS.items():
        metadata = build()
        path = os.path.join(outdir, set_name + ".db")
        if os.path.exists(path):
            os.remove(path)
        engine = sa.create_engine("sqlite:///" + path)
        metadata.create_all(engine)
        create_sql = {t.name: str(CreateTable(t).compile(dialect=dialect)) for t in metadata.sorted_tables}
        index_sql = {
            i.name: str(CreateIndex(i).compile(dialect=dialect))
            for t in metadata.sorted_tables
            for i in t.indexes
        }
        result["sets"][set_name] = {
            "db": path,
            "create_sql": create_sql,
            "create_index_sql": index_sql,
            "inspect": inspect_view(engine),
        }
        engine.dispose()
    for set_name, statements in RAW_SETS.items():
        path = os.path.join(outdir, set_name + ".db")
        if os.path.exists(path):
            os.remove(path)
        engine = sa.create_engine("sqlite:///" + path)
        with engine.begin() as conn:
            for s in statements:
                conn.exec_driver_sql(s)
        result["sets"][set_name] = {"db": path, "create_sql": {}, "create_index_sql": {},
                                    "inspect": inspect_view(engine)}
        engine.dispose()
    json.dump(result, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    main()
