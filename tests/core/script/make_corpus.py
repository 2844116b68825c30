#!/usr/bin/python3
"""Writes migration scripts as real Alembic autogenerate renders them.

Usage: make_corpus.py OUTDIR

For every scenario (a "from" schema created in SQLite and a "to" MetaData),
Alembic compares, produces the upgrade/downgrade ops and renders them with
and without render_as_batch and user_module_prefix, into complete scripts in
the shape of Alembic's generic script.py.mako. OUTDIR/manifest.json lists,
per file, the operations Alembic produced (kind and table), so the C++ test
checks the parser read what Alembic meant, not just that it did not fail;
and, under "bad", scripts Python itself could not run, with the error the
parser must give.
"""
import json
import os
import sys

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
import sqlmodel.sql.sqltypes as smtypes
from alembic.autogenerate import produce_migrations
from alembic.autogenerate.api import AutogenContext
from alembic.autogenerate import render
from alembic.operations import ops
from alembic.runtime.migration import MigrationContext

CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def user(md, extra=()):
    return sa.Table(
        "user", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", smtypes.AutoString(), nullable=False),
        *extra)


# Each scenario: (name, build_from(md), build_to(md)).
def s_initial(frm, to):
    for md in (to,):
        user(md)
        sa.Table("pet", md,
                 sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("name", smtypes.AutoString(), nullable=False))


def s_all_types(frm, to):
    sa.Table("everything", to,
             sa.Column("id", sa.BigInteger, primary_key=True),
             sa.Column("small", sa.SmallInteger),
             sa.Column("flag", sa.Boolean, nullable=False, server_default=sa.text("0")),
             sa.Column("ratio", sa.Float(precision=24)),
             sa.Column("price", sa.Numeric(precision=10, scale=2)),
             sa.Column("code", sa.String(length=50), server_default="x'y"),
             sa.Column("auto", smtypes.AutoString(length=40)),
             sa.Column("plain_auto", smtypes.AutoString()),
             sa.Column("guid", smtypes.GUID()),
             sa.Column("body", sa.Text()),
             sa.Column("born", sa.Date()),
             sa.Column("seen", sa.DateTime(timezone=True), server_default=sa.func.now()),
             sa.Column("at", sa.Time()),
             sa.Column("blob", sa.LargeBinary()),
             sa.Column("mood", sa.Enum("happy", "sad", name="mood")),
             sa.Column("doc", sa.JSON()),
             sa.Column("span", sa.Interval()),
             sa.Column("note", sa.String(200), comment="free text"),
             comment="every type")


def s_reflected_drop(frm, to):
    # Dropping a table makes the downgrade re-create it from reflection:
    # uppercase and dialect types, sa.text() defaults.
    sa.Table("old", frm,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("label", sa.String(30), nullable=False, server_default="n/a"),
             sa.Column("amount", sa.Numeric(10, 2)),
             sa.Column("flag", sa.Boolean()),
             sa.Column("ratio", sa.Float()),
             sa.Column("body", sa.Text()),
             sa.Column("data", sa.LargeBinary()),
             sa.Column("created", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP")),
             sa.Column("day", sa.Date()),
             sa.Column("at", sa.Time()),
             sa.Column("big", sa.BigInteger()),
             sa.Column("doc", sa.JSON()),
             sa.UniqueConstraint("label", name="uq_old_label"),
             sa.CheckConstraint("amount >= 0", name="ck_old_amount"))
    sa.Index("ix_old_label", frm.tables["old"].c.label)
    sa.Table("keep", frm, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("keep", to, sa.Column("id", sa.Integer, primary_key=True))


def s_constraints(frm, to):
    for md in (frm, to):
        user(md)
    sa.Table("pet", to,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("name", smtypes.AutoString(), nullable=False),
             sa.Column("owner_id", sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE", onupdate="SET NULL")),
             sa.Column("tag", sa.String(20), unique=True),
             sa.Column("age", sa.Integer, sa.CheckConstraint("age > 0", name="positive_age")),
             sa.Column("kind", sa.String(10), index=True),
             sa.UniqueConstraint("name", "owner_id", name="uq_name_owner"),
             sa.CheckConstraint("length(name) > 0", name="name_not_empty"))
    sa.Index("ix_pet_name_kind", to.tables["pet"].c.name, to.tables["pet"].c.kind, unique=True)


def s_add_columns(frm, to):
    user(frm)
    user(to, extra=(
        sa.Column("email", sa.String(120), nullable=True),
        sa.Column("score", sa.Numeric(5, 1), server_default="0"),
        sa.Column("joined", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("nick", smtypes.AutoString(length=30), index=True),
    ))


def s_drop_columns(frm, to):
    user(frm, extra=(
        sa.Column("legacy", sa.String(10)),
        sa.Column("flags", sa.Integer, server_default="0", nullable=False),
    ))
    user(to)


def s_alter(frm, to):
    sa.Table("item", frm,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("title", sa.String(50), nullable=True),
             sa.Column("price", sa.Integer),
             sa.Column("state", sa.String(10), server_default="new"),
             sa.Column("qty", sa.Integer, nullable=False))
    sa.Table("item", to,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("title", sa.String(120), nullable=False),
             sa.Column("price", sa.Numeric(10, 2)),
             sa.Column("state", sa.String(10), server_default="draft"),
             sa.Column("qty", sa.Integer, nullable=True))


def s_indexes(frm, to):
    for md, idx in ((frm, ("ix_user_name",)), (to, ())):
        t = user(md, extra=(sa.Column("email", sa.String(100)), sa.Column("city", sa.String(40))))
        for name in idx:
            sa.Index(name, t.c.name)
    t = to.tables["user"]
    sa.Index("ix_user_email", t.c.email, unique=True)
    sa.Index("ix_user_city_name", t.c.city, t.c.name)


def s_unique_and_fk_changes(frm, to):
    for md in (frm, to):
        user(md, extra=(sa.Column("email", sa.String(100)),))
    sa.Table("pet", frm,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("owner_id", sa.Integer),
             sa.Column("code", sa.String(10)),
             sa.UniqueConstraint("code", name="uq_pet_code"))
    sa.Table("pet", to,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("owner_id", sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL")),
             sa.Column("code", sa.String(10)))
    sa.UniqueConstraint(to.tables["user"].c.email, name="uq_user_email")


def s_rename_like(frm, to):
    sa.Table("old_name", frm, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("new_name", to, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("when", sa.DateTime(timezone=False)))


def s_postgres_types(frm, to):
    sa.Table("pg", to,
             sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
             sa.Column("doc", postgresql.JSONB()),
             sa.Column("raw", postgresql.BYTEA()),
             sa.Column("ratio", postgresql.DOUBLE_PRECISION()),
             sa.Column("at", postgresql.TIMESTAMP(timezone=True)),
             sa.Column("span", postgresql.INTERVAL()),
             sa.Column("mood", postgresql.ENUM("a", "b", name="pgmood")))


def s_sqlite_types(frm, to):
    sa.Table("lite", to,
             sa.Column("id", sa.INTEGER(), primary_key=True),
             sa.Column("at", sqlite.DATETIME()),
             sa.Column("day", sqlite.DATE()),
             sa.Column("time", sqlite.TIME()),
             sa.Column("name", sa.VARCHAR(length=50)),
             sa.Column("price", sa.NUMERIC()),
             sa.Column("flag", sa.BOOLEAN()),
             sa.Column("ratio", sa.FLOAT()),
             sa.Column("body", sa.TEXT()),
             sa.Column("data", sa.BLOB()))


def s_nothing(frm, to):
    user(frm)
    user(to)


SCENARIOS = [s_initial, s_all_types, s_reflected_drop, s_constraints, s_add_columns, s_drop_columns,
             s_alter, s_indexes, s_unique_and_fk_changes, s_rename_like, s_postgres_types, s_sqlite_types,
             s_nothing]


def kinds(container, batch):
    out = []
    for op in container.ops:
        if isinstance(op, ops.ModifyTableOps):
            inner = kinds(op, batch)
            if not inner:
                continue
            if batch:
                out.append("batch(%s)[%s]" % (op.table_name, ",".join(inner)))
            else:
                out.extend(inner)
            continue
        name = {
            ops.CreateTableOp: "create_table",
            ops.DropTableOp: "drop_table",
            ops.AddColumnOp: "add_column",
            ops.DropColumnOp: "drop_column",
            ops.AlterColumnOp: "alter_column",
            ops.CreateIndexOp: "create_index",
            ops.DropIndexOp: "drop_index",
            ops.CreateUniqueConstraintOp: "add_constraint",
            ops.CreateForeignKeyOp: "add_constraint",
            ops.DropConstraintOp: "drop_constraint",
        }[type(op)]
        table = getattr(op, "table_name", None) or getattr(op, "source_table", None)
        out.append("%s(%s)" % (name, table))
    return out


NEW_HEADER = '''from typing import Sequence, Union

'''


def script(rev, down, message, imports, up, down_body, typed, sqlmodel_import):
    head = '"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: 2024-01-01 00:00:00.000000\n\n"""\n' % (
        message, rev, down or "")
    if typed:
        head += NEW_HEADER
    head += "from alembic import op\nimport sqlalchemy as sa\n"
    if sqlmodel_import:
        head += "import sqlmodel.sql.sqltypes\n"
    head += (imports if imports else "") + "\n\n"
    head += "# revision identifiers, used by Alembic.\n"
    if typed:
        head += "revision: str = %r\n" % rev
        head += "down_revision: Union[str, None] = %r\n" % down
        head += "branch_labels: Union[str, Sequence[str], None] = None\n"
        head += "depends_on: Union[str, Sequence[str], None] = None\n"
    else:
        head += "revision = %r\ndown_revision = %r\nbranch_labels = None\ndepends_on = None\n" % (rev, down)
    arrow = " -> None" if typed else ""
    head += "\n\ndef upgrade()%s:\n    %s\n\n\ndef downgrade()%s:\n    %s\n" % (arrow, up, arrow, down_body)
    return head


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    manifest = []
    bad = []
    previous = None
    n = 0
    for scenario in SCENARIOS:
        for convention in (False, True):
            for batch in (False, True):
                for prefix in (None, "sqlmodel.sql.sqltypes."):
                    frm = sa.MetaData(naming_convention=CONVENTION) if convention else sa.MetaData()
                    to = sa.MetaData(naming_convention=CONVENTION) if convention else sa.MetaData()
                    scenario(frm, to)
                    engine = sa.create_engine("sqlite://")
                    with engine.begin() as conn:
                        frm.create_all(conn)
                        opts = {
                            "compare_type": True,
                            "compare_server_default": True,
                            "render_as_batch": batch,
                            "user_module_prefix": prefix,
                            "sqlalchemy_module_prefix": "sa.",
                            "alembic_module_prefix": "op.",
                            "target_metadata": to,
                        }
                        mc = MigrationContext.configure(conn, opts=opts)
                        migration = produce_migrations(mc, to)
                        autogen = AutogenContext(mc, metadata=to, opts=opts)
                        args = {}
                        render._render_python_into_templatevars(autogen, migration, args)
                    n += 1
                    rev = "%012x" % (0xa1b2c3d40000 + n)
                    typed = n % 2 == 0
                    text = script(rev, previous, scenario.__name__, args["imports"],
                                  args["upgrades"], args["downgrades"], typed, True)
                    name = "%s_%s_%s%s%s.py" % (rev, scenario.__name__[2:], "nc" if convention else "plain",
                                                "_batch" if batch else "", "_prefix" if prefix else "")
                    if "astext_type=Text()" in text:
                        # Alembic 1.8 renders JSONB's astext_type without a prefix:
                        # a NameError in Python, so an error for the parser too.
                        os.makedirs(os.path.join(outdir, "bad"), exist_ok=True)
                        with open(os.path.join(outdir, "bad", name), "w") as f:
                            f.write(text)
                        bad.append({"file": "bad/" + name, "error": "name 'Text' is not defined"})
                        previous = rev
                        continue
                    with open(os.path.join(outdir, name), "w") as f:
                        f.write(text)
                    # Without the tutorial's step 9 (import sqlmodel.sql.sqltypes in
                    # script.py.mako) Alembic writes scripts Python cannot run.
                    if prefix is None and "sqlmodel.sql.sqltypes." in text:
                        os.makedirs(os.path.join(outdir, "bad"), exist_ok=True)
                        with open(os.path.join(outdir, "bad", name), "w") as f:
                            f.write(text.replace("import sqlmodel.sql.sqltypes\n", ""))
                        bad.append({"file": "bad/" + name, "error": "name 'sqlmodel' is not defined"})
                    manifest.append({
                        "file": name,
                        "revision": rev,
                        "down_revision": previous,
                        "upgrade": kinds(migration.upgrade_ops, batch),
                        "downgrade": kinds(migration.downgrade_ops, batch),
                    })
                    previous = rev
    with open(os.path.join(outdir, "manifest.json"), "w") as f:
        json.dump({"good": manifest, "bad": bad}, f, indent=1)


if __name__ == "__main__":
    main()
