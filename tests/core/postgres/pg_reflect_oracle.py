"""Creates the reference models with SQLAlchemy 1.4 + psycopg2 on the
throwaway server and prints what SQLAlchemy's inspector reflects, as JSON,
for tst_postgresinspector. Usage: pg_reflect_oracle.py URL"""
import json
import sys

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
import sqlmodel.sql.sqltypes as st

CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

m = sa.MetaData(naming_convention=CONVENTION)
sa.Table(
    "user", m,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", st.AutoString, nullable=False),
    sa.Column("email", sa.String(120), unique=True),
    sa.Column("big", sa.BigInteger),
    sa.Column("created", sa.DateTime, nullable=False, server_default=sa.text("now()")),
    sa.Column("seen", sa.DateTime(timezone=True)),
    sa.Column("admin", sa.Boolean, nullable=False, server_default=sa.false()),
)
sa.Table(
    "pet", m,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("name", sa.String(50), nullable=False),
    sa.Column("species", sa.String, nullable=False, server_default="unknown"),
    sa.Column("owner_id", sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL", onupdate="CASCADE")),
    sa.Column("weight_kg", sa.Float),
    sa.Column("ratio", postgresql.REAL),
    sa.Column("price", sa.Numeric(10, 2)),
    sa.Column("born", sa.Date),
    sa.Column("at", sa.Time),
    sa.Column("photo", sa.LargeBinary),
    sa.Column("data", sa.JSON),
    sa.Column("doc", postgresql.JSONB),
    sa.Column("guid", st.GUID),
    sa.Column("mood", sa.Enum("happy", "grumpy", name="mood")),
    sa.Column("notes", sa.Text),
    sa.Column("code", sa.CHAR(3)),
    sa.Column("span", sa.Interval),
    sa.Column("tags", postgresql.ARRAY(sa.Integer)),
    sa.CheckConstraint("weight_kg > 0", name="positive_weight"),
    sa.UniqueConstraint("name", "owner_id", name="uq_pet_name_owner"),
    sa.Index("ix_pet_species", "species"),
    sa.Index("ix_pet_code_born", "code", "born", unique=True),
    sa.Index("ix_pet_lower_name", sa.text("lower(name)")),
)
sa.Table(
    "order", m,
    sa.Column("user_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("n", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("pet_id", sa.BigInteger),
    sa.ForeignKeyConstraint(["pet_id"], ["pet.id"], name="fk_order_pet", deferrable=True, initially="DEFERRED"),
    sa.ForeignKeyConstraint(["user_id"], ["user.id"], name="fk_order_user", ondelete="CASCADE"),
)
sa.Table("alembic_version", m, sa.Column("version_num", sa.String(32), primary_key=True))

engine = sa.create_engine(sys.argv[1])
m.create_all(engine)
insp = sa.inspect(engine)
out = {}
for name in insp.get_table_names():
    cols = []
    for c in insp.get_columns(name):
        cols.append({"name": c["name"], "type": repr(c["type"]), "module": type(c["type"]).__module__,
                     "nullable": c["nullable"], "default": c["default"], "autoincrement": bool(c["autoincrement"])})
    pk = insp.get_pk_constraint(name)
    out[name] = {
        "columns": cols,
        "pk": {"name": pk["name"], "columns": pk["constrained_columns"]},
        "fks": sorted(({"name": f["name"], "columns": f["constrained_columns"], "table": f["referred_table"],
                        "schema": f["referred_schema"], "refs": f["referred_columns"],
                        "ondelete": f["options"].get("ondelete"), "onupdate": f["options"].get("onupdate"),
                        "deferrable": f["options"].get("deferrable"), "initially": f["options"].get("initially")}
                       for f in insp.get_foreign_keys(name)), key=lambda f: f["name"]),
        "uniques": sorted(({"name": u["name"], "columns": u["column_names"]}
                           for u in insp.get_unique_constraints(name)), key=lambda u: u["name"]),
        "checks": sorted(({"name": c["name"], "sqltext": c["sqltext"]}
                          for c in insp.get_check_constraints(name)), key=lambda c: c["name"]),
        "indexes": sorted(({"name": i["name"], "columns": i["column_names"], "unique": bool(i["unique"])}
                           for i in insp.get_indexes(name)
                           if "duplicates_constraint" not in i and None not in i["column_names"]),
                          key=lambda i: i["name"]),
    }
json.dump(out, sys.stdout)
