"""Reference output of real Alembic 1.8.1 for tst_compare and tst_render.

For every case (schema A created as a SQLite file by SQLAlchemy, schema B
declared as SQLAlchemy/SQLModel MetaData), with and without the seed
tutorial's NAMING_CONVENTION, this prints as JSON:
  - what SQLAlchemy's inspector reflects from A (so the C++ side can build the
    same reflected MetaData until core/inspect is available),
  - the upgrade/downgrade bodies and imports Alembic renders, for
    render_as_batch on/off and user_module_prefix on/off.

Run with Debian's /usr/bin/python3: python3 alembic_oracle.py OUT.json WORKDIR
The C++ tests define the same cases under the same names.
"""
import json
import os
import sys
import warnings

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import AutoString, GUID
from typing import Optional

from alembic.autogenerate import api, compare, render
from alembic.operations import ops
from alembic.runtime.migration import MigrationContext

warnings.simplefilter("ignore")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def C(*a, **kw):
    return sa.Column(*a, **kw)


# ---------------------------------------------------------------- the cases
# Each returns (build_a(md), build_b(md), compare_server_default).


def seed_models(md):
    # The tutorial's SQLModel classes, declared on a fresh SQLModel.metadata.
    SQLModel.metadata = md

    class User(SQLModel, table=True):
        id: Optional[int] = Field(default=None, primary_key=True)
        name: str

    class Pet(SQLModel, table=True):
        id: Optional[int] = Field(default=None, primary_key=True)
        name: str


def case_seed_initial():
    return (lambda md: None), seed_models, False


def case_all_types():
    def b(md):
        sa.Table(
            "thing", md,
            C("id", sa.Integer, primary_key=True),
            C("big", sa.BigInteger, nullable=False),
            C("small", sa.SmallInteger),
            C("flag", sa.Boolean, nullable=False, server_default=sa.text("0")),
            C("ratio", sa.Float),
            C("ratio_p", sa.Float(precision=10)),
            C("amount", sa.Numeric),
            C("price", sa.Numeric(10, 2)),
            C("code", sa.String),
            C("label", sa.String(20), server_default="none"),
            C("title", AutoString, nullable=False),
            C("title_n", AutoString(length=30)),
            C("body", sa.Text),
            C("born", sa.Date),
            C("seen", sa.DateTime, server_default=sa.text("CURRENT_TIMESTAMP")),
            C("seen_tz", sa.DateTime(timezone=True)),
            C("at", sa.Time),
            C("blob", sa.LargeBinary),
            C("mood", sa.Enum("happy", "sad", name="mood")),
            C("data", sa.JSON),
            C("uid", GUID),
            C("span", sa.Interval),
            C("count", sa.Integer, server_default=sa.text("10"), autoincrement=False),
            C("quote", sa.String, server_default="it's"),
        )

    return (lambda md: None), b, False


def case_reflected_types():
    # Every type the other way round: dropped from the database, so the
    # downgrade renders them as reflected (sa.VARCHAR(), sqlite.JSON()...).
    a = case_all_types()[1]
    return a, (lambda md: None), False


def base_pet(md, *extra, name_type=sa.String, nullable=True):
    return sa.Table("pet", md, C("id", sa.Integer, primary_key=True),
                    C("name", name_type, nullable=nullable), *extra)


def case_columns_changed():
    def a(md):
        sa.Table("pet", md,
                 C("id", sa.Integer, primary_key=True),
                 C("name", sa.String),
                 C("old_col", sa.Integer, nullable=False),
                 C("kind", sa.String(20)),
                 C("weight", sa.Integer),
                 C("born", sa.DateTime, nullable=False))

    def b(md):
        sa.Table("pet", md,
                 C("id", sa.Integer, primary_key=True),
                 C("name", AutoString, nullable=False),
                 C("kind", sa.String(50)),
                 C("weight", sa.Float),
                 C("born", sa.Date, nullable=True),
                 C("species", AutoString),
                 C("score", sa.Numeric(5, 1), nullable=False, server_default="0"))

    return a, b, False


def case_autostring_same():
    def a(md):
        sa.Table("pet", md, C("id", sa.Integer, primary_key=True), C("name", sa.String, nullable=False),
                 C("n", sa.Numeric(10, 2)), C("when", sa.DateTime), C("data", sa.JSON),
                 C("uid", GUID), C("flag", sa.Boolean))

    def b(md):
        sa.Table("pet", md, C("id", sa.Integer, primary_key=True), C("name", AutoString, nullable=False),
                 C("n", sa.Numeric(10, 2)), C("when", sa.DateTime), C("data", sa.JSON),
                 C("uid", GUID), C("flag", sa.Boolean))

    return a, b, False


def case_varchar_length():
    # Alembic sees no change here; Pet Manager deliberately does.
    def a(md):
        base_pet(md)

    def b(md):
        base_pet(md, name_type=sa.String(200))

    return a, b, False


def case_pk_type_change():
    # Altering the autoincrement column renders autoincrement=True both ways.
    def a(md):
        sa.Table("pet", md, C("id", sa.Integer, primary_key=True), C("n", sa.Integer))

    def b(md):
        sa.Table("pet", md, C("id", sa.BigInteger, primary_key=True),
                 C("n", sa.Integer, nullable=False, autoincrement=True))

    return a, b, False


def case_server_defaults():
    def a(md):
        sa.Table("pet", md,
                 C("id", sa.Integer, primary_key=True),
                 C("name", sa.String, server_default="rex"),
                 C("legs", sa.Integer, server_default=sa.text("4")),
                 C("born", sa.DateTime, server_default=sa.func.now()),
                 C("kind", sa.String, server_default="dog"),
                 C("note", sa.String))

    def b(md):
        sa.Table("pet", md,
                 C("id", sa.Integer, primary_key=True),
                 C("name", sa.String, server_default="rex"),
                 C("legs", sa.Integer, server_default=sa.text("3")),
                 C("born", sa.DateTime, server_default=sa.text("CURRENT_TIMESTAMP")),
                 C("kind", sa.String),
                 C("note", sa.String, server_default="n/a"))

    return a, b, True


def case_server_defaults_off():
    a, b, _ = case_server_defaults()
    return a, b, False


def case_indexes():
    def a(md):
        t = sa.Table("pet", md,
                     C("id", sa.Integer, primary_key=True),
                     C("a", sa.Integer), C("b", sa.Integer), C("c", sa.Integer), C("d", sa.Integer))
        sa.Index("ix_pet_a", t.c.a)
        sa.Index("ix_pet_b", t.c.b, unique=True)
        sa.Index("idx_ad", t.c.a, t.c.d)

    def b(md):
        t = sa.Table("pet", md,
                     C("id", sa.Integer, primary_key=True),
                     C("a", sa.Integer), C("b", sa.Integer, index=True), C("c", sa.Integer, index=True, unique=True),
                     C("d", sa.Integer))
        sa.Index("idx_ad", t.c.a, t.c.b)
        sa.Index("idx_cd", t.c.c, t.c.d)

    return a, b, False


def case_uniques():
    def a(md):
        sa.Table("user", md,
                 C("id", sa.Integer, primary_key=True),
                 C("x", sa.Integer), C("y", sa.Integer), C("z", sa.Integer), C("w", sa.Integer),
                 sa.UniqueConstraint("x"),
                 sa.UniqueConstraint("y", name="uq_user_y"),
                 sa.UniqueConstraint("w", name="my_w"))

    def b(md):
        sa.Table("user", md,
                 C("id", sa.Integer, primary_key=True),
                 C("x", sa.Integer, unique=True), C("y", sa.Integer), C("z", sa.Integer, unique=True),
                 C("w", sa.Integer),
                 sa.UniqueConstraint("w", "z", name="my_w"))

    return a, b, False


def users(md):
    sa.Table("user", md, C("id", sa.Integer, primary_key=True), C("name", AutoString, nullable=False))


def case_foreign_keys():
    # At most one foreign key added and one removed per table: Alembic
    # iterates sets of them, so more would make its order arbitrary.
    def a(md):
        users(md)
        sa.Table("pet", md,
                 C("id", sa.Integer, primary_key=True),
                 C("owner_id", sa.Integer, sa.ForeignKey("user.id")))
        sa.Table("toy", md,
                 C("id", sa.Integer, primary_key=True),
                 C("pet_id", sa.Integer))

    def b(md):
        users(md)
        sa.Table("pet", md,
                 C("id", sa.Integer, primary_key=True),
                 C("owner_id", sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE")))
        sa.Table("toy", md,
                 C("id", sa.Integer, primary_key=True),
                 C("pet_id", sa.Integer, sa.ForeignKey("pet.id", onupdate="SET NULL")))

    return a, b, False


def case_added_table():
    def b(md):
        users(md)
        sa.Table("pet", md,
                 C("id", sa.Integer, primary_key=True),
                 C("name", AutoString, nullable=False, index=True),
                 C("tag", sa.String(10), unique=True),
                 C("owner_id", sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), index=True),
                 sa.CheckConstraint("length(tag) > 1", name="tag_len"))
        sa.Table("toy", md,
                 C("id", sa.Integer, primary_key=True),
                 C("pet_id", sa.Integer, sa.ForeignKey("pet.id"), nullable=False),
                 C("name", AutoString, nullable=False))

    return users, b, False


def case_removed_table():
    a = case_added_table()[1]

    def b(md):
        users(md)
        sa.Table("toy", md,
                 C("id", sa.Integer, primary_key=True),
                 C("pet_id", sa.Integer, nullable=False),
                 C("name", AutoString, nullable=False))

    return a, b, False


def case_added_tables_order():
    # MetaData.sorted_tables sorts by layers: c and d (no foreign keys) come
    # first, then a and b, then e; not "by name, each after its parent".
    def b(md):
        sa.Table("a", md, C("id", sa.Integer, primary_key=True), C("d_id", sa.Integer, sa.ForeignKey("d.id")))
        sa.Table("b", md, C("id", sa.Integer, primary_key=True), C("c_id", sa.Integer, sa.ForeignKey("c.id")))
        sa.Table("c", md, C("id", sa.Integer, primary_key=True))
        sa.Table("d", md, C("id", sa.Integer, primary_key=True))
        sa.Table("e", md, C("id", sa.Integer, primary_key=True), C("a_id", sa.Integer, sa.ForeignKey("a.id")))

    return (lambda md: None), b, False


def case_added_tables_cycle():
    # p and q refer to each other: SQLAlchemy forgets their foreign keys for
    # the sort (with a warning), while a still waits for p.
    def b(md):
        sa.Table("a", md, C("id", sa.Integer, primary_key=True), C("p_id", sa.Integer, sa.ForeignKey("p.id")))
        sa.Table("p", md, C("id", sa.Integer, primary_key=True), C("q_id", sa.Integer, sa.ForeignKey("q.id")))
        sa.Table("q", md, C("id", sa.Integer, primary_key=True), C("p_id", sa.Integer, sa.ForeignKey("p.id")))

    return (lambda md: None), b, False


def case_no_changes():
    a = case_added_table()[1]
    return a, a, False


CASES = {
    "seed_initial": case_seed_initial,
    "all_types": case_all_types,
    "reflected_types": case_reflected_types,
    "columns_changed": case_columns_changed,
    "autostring_same": case_autostring_same,
    "varchar_length": case_varchar_length,
    "pk_type_change": case_pk_type_change,
    "server_defaults": case_server_defaults,
    "server_defaults_off": case_server_defaults_off,
    "indexes": case_indexes,
    "uniques": case_uniques,
    "foreign_keys": case_foreign_keys,
    "added_table": case_added_table,
    "removed_table": case_removed_table,
    "no_changes": case_no_changes,
    "added_tables_order": case_added_tables_order,
    "added_tables_cycle": case_added_tables_cycle,
}

# ------------------------------------------------------------ reflection dump


def dump_type(t):
    out = {"class": type(t).__name__, "module": type(t).__module__}
    for attr in ("length", "precision", "scale", "timezone"):
        v = getattr(t, attr, None)
        if v not in (None, False):
            out[attr] = v
    return out


def dump_reflection(engine):
    insp = inspect(engine)
    tables = []
    for name in sorted(insp.get_table_names()):
        if name == "alembic_version":
            continue
        cols = []
        for c in insp.get_columns(name):
            cols.append({
                "name": c["name"],
                "type": dump_type(c["type"]),
                "nullable": bool(c["nullable"]),
                "default": c.get("default"),
            })
        pk = insp.get_pk_constraint(name)
        tables.append({
            "name": name,
            "columns": cols,
            "pk": {"name": pk.get("name"), "columns": pk["constrained_columns"]},
            "fks": [{
                "name": fk["name"],
                "columns": fk["constrained_columns"],
                "referred_schema": fk["referred_schema"],
                "referred_table": fk["referred_table"],
                "referred_columns": fk["referred_columns"],
                "ondelete": fk.get("options", {}).get("ondelete"),
                "onupdate": fk.get("options", {}).get("onupdate"),
            } for fk in insp.get_foreign_keys(name)],
            "indexes": [{"name": ix["name"], "columns": ix["column_names"], "unique": bool(ix["unique"])}
                        for ix in insp.get_indexes(name)],
            "uniques": [{"name": uq["name"], "columns": uq["column_names"]}
                        for uq in insp.get_unique_constraints(name)],
            "checks": [{"name": ck["name"], "sqltext": ck["sqltext"]}
                       for ck in insp.get_check_constraints(name)],
        })
    return tables


# ------------------------------------------------------------------ running


def run_case(name, factory, convention, workdir):
    build_a, build_b, compare_server_default = factory()
    md_a = sa.MetaData(naming_convention=NAMING_CONVENTION) if convention else sa.MetaData()
    build_a(md_a)
    path = os.path.join(workdir, "%s_%s.db" % (name, "conv" if convention else "plain"))
    if os.path.exists(path):
        os.remove(path)
    engine = sa.create_engine("sqlite:///" + path)
    md_a.create_all(engine)
    md_b = sa.MetaData(naming_convention=NAMING_CONVENTION) if convention else sa.MetaData()
    build_b(md_b)

    result = {"database": path, "reflected": dump_reflection(engine), "renders": {}}
    with engine.connect() as conn:
        for batch in (False, True):
            for prefix in (False, True):
                mc = MigrationContext.configure(
                    connection=conn,
                    opts={
                        "target_metadata": md_b,
                        "compare_type": True,
                        "compare_server_default": compare_server_default,
                        "render_as_batch": batch,
                        "user_module_prefix": "sqlmodel.sql.sqltypes." if prefix else None,
                        "sqlalchemy_module_prefix": "sa.",
                        "alembic_module_prefix": "op.",
                    },
                )
                autogen_context = api.AutogenContext(mc, metadata=md_b)
                script = ops.MigrationScript(rev_id=None, upgrade_ops=ops.UpgradeOps([]),
                                             downgrade_ops=ops.DowngradeOps([]))
                compare._populate_migration_script(autogen_context, script)
                args = {}
                render._render_python_into_templatevars(autogen_context, script, args)
                key = "batch=%d,prefix=%d" % (batch, prefix)
                result["renders"][key] = {
                    "upgrades": args["upgrades"],
                    "downgrades": args["downgrades"],
                    "imports": args["imports"],
                }
    engine.dispose()
    return result


def main():
    out_path, workdir = sys.argv[1], sys.argv[2]
    os.makedirs(workdir, exist_ok=True)
    out = {}
    for name, factory in CASES.items():
        for convention in (False, True):
            out["%s/%s" % (name, "conv" if convention else "plain")] = run_case(name, factory, convention, workdir)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
