"""Column order of the table real Alembic builds in a batch "move and copy".

Reads {"case": {"columns": [...], "ops": [[verb, arg, ...], ...]}} as JSON on
stdin; table "t" has those INTEGER columns, the first one its primary key.
Verbs: add NAME, drop NAME, rename OLD NEW, retype NAME (to VARCHAR(10)).
The ops run in one batch_alter_table(recreate="always") in offline mode;
prints {"case": [column names of CREATE TABLE _alembic_tmp_t, in order]}.
Run with Debian's /usr/bin/python3 (python3-alembic 1.8.1, SQLAlchemy 1.4).
"""
import io
import json
import re
import sys
import warnings

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations


def run(spec):
    columns = spec["columns"]
    m = sa.MetaData()
    table = sa.Table(
        "t", m,
        *[sa.Column(name, sa.Integer, primary_key=(i == 0)) for i, name in enumerate(columns)],
    )
    buf = io.StringIO()
    ctx = MigrationContext.configure(dialect_name="sqlite", opts={"as_sql": True, "output_buffer": buf})
    op = Operations(ctx)
    with op.batch_alter_table("t", copy_from=table, recreate="always") as b:
        for verb, *args in spec["ops"]:
            if verb == "add":
                b.add_column(sa.Column(args[0], sa.Integer))
            elif verb == "drop":
                b.drop_column(args[0])
            elif verb == "rename":
                b.alter_column(args[0], new_column_name=args[1], existing_type=sa.Integer)
            elif verb == "retype":
                b.alter_column(args[0], type_=sa.String(10), existing_type=sa.Integer)
            else:
                raise ValueError("unknown verb %r" % verb)
    sql = buf.getvalue()
    body = re.search(r"CREATE TABLE _alembic_tmp_t \((.*?)\n\)", sql, re.S)
    if not body:
        raise RuntimeError("no CREATE TABLE in:\n" + sql)
    names = []
    for line in body.group(1).split("\n"):
        line = line.strip().rstrip(",").strip()
        if not line or line.split()[0] in ("PRIMARY", "CONSTRAINT", "UNIQUE", "FOREIGN", "CHECK"):
            continue
        names.append(line.split()[0])
    return names


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    cases = json.load(sys.stdin)
    json.dump({name: run(spec) for name, spec in cases.items()}, sys.stdout, indent=1, sort_keys=True)
