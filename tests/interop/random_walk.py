"""Alembic's side of tst_interop_randomwalk, in one process.

    random_walk.py SPEC.json

SPEC: {"root": DIR, "graphs": [{"name", "revisions": [{"rev", "down": [..],
"deps": [..], "labels": [..]}], "commands": [["upgrade", "+1"], ...]}]}

For every graph: DIR/NAME holds an `alembic init` project whose revisions
each create (and drop) a table t_<rev>. The commands run one after another,
in this process, on two SQLite files:
  correct.db   Alembic with alembic_oracle.py's CorrectRevisionStep: what a
               correct Alembic does where 1.8.1 breaks (depends_on below a
               parent), identical to 1.8.1 everywhere else
  alembic.db   Alembic 1.8.1 as it is; after a step where it differs from
               the correct one it is put back to the correct state, so each
               step is judged from the same starting point
stdout, per step:
  "== NAME #N upgrade +1", "result: ok" or "result: FAILED: message" (a
  CommandError as the command line prints it) or "result: error Type",
  "rows: a,b" (alembic_version, sorted), "schema: ..." (the user tables'
  CREATE statements, sorted), and "# alembic 1.8.1 HOW: ..." where 1.8.1's
  result, rows or schema differ from the correct one's.
"""
import contextlib
import io
import json
import logging
import os
import shutil
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "core", "revision"))

import alembic_oracle as oracle  # noqa: E402  (pins Alembic's set orders)
from alembic import command, util  # noqa: E402
from alembic.config import Config  # noqa: E402
from alembic.runtime.migration import RevisionStep  # noqa: E402

SCRIPT = '''"""{rev}

Revision ID: {rev}
Revises: {revises}
Create Date: 2024-06-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = {rev!r}
down_revision = {down}
branch_labels = {labels}
depends_on = {deps}


def upgrade() -> None:
    op.create_table('t_{rev}',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('t_{rev}')
'''


def literal(values):
    if not values:
        return "None"
    if len(values) == 1:
        return repr(values[0])
    return "(" + ", ".join(repr(v) for v in values) + ")"


def make_project(root, graph):
    project = os.path.join(root, graph["name"])
    os.makedirs(project)
    ini = os.path.join(project, "alembic.ini")
    config = Config(ini)
    with contextlib.redirect_stdout(io.StringIO()):
        command.init(config, os.path.join(project, "migrations"))
    # The INFO lines of every step would only slow the run down.
    with open(ini) as f:
        text = f.read()
    with open(ini, "w") as f:
        f.write(text.replace("level = INFO", "level = WARN"))
    versions = os.path.join(project, "migrations", "versions")
    for spec in graph["revisions"]:
        path = os.path.join(versions, "%s_step.py" % spec["rev"])
        with open(path, "w") as f:
            f.write(SCRIPT.format(
                rev=spec["rev"], revises=", ".join(spec["down"]),
                down=literal(spec["down"]), labels=literal(spec["labels"]),
                deps=literal(spec["deps"])))
    return project, ini


def use_correct_steps(correct):
    source = oracle.CorrectRevisionStep if correct else None
    RevisionStep.merge_branch_idents = (
        source.merge_branch_idents if correct else oracle._merge_branch_idents)
    RevisionStep._unmerge_to_revisions = (
        source._unmerge_to_revisions if correct else oracle._unmerge_to_revisions)


def run(ini, db, verb, target, correct):
    use_correct_steps(correct)
    config = Config(ini)
    config.set_main_option("sqlalchemy.url", "sqlite:///" + db)
    try:
        getattr(command, verb)(config, target)
        return "ok"
    except util.CommandError as exc:
        return "FAILED: %s" % exc
    except Exception as exc:  # KeyError, AssertionError: 1.8.1's crashes
        return "error %s" % type(exc).__name__
    finally:
        use_correct_steps(False)


def state(db):
    if not os.path.exists(db):
        return "rows: ", "schema: "
    con = sqlite3.connect(db)
    try:
        tables = {name for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        rows = []
        if "alembic_version" in tables:
            rows = sorted(r for (r,) in con.execute(
                "SELECT version_num FROM alembic_version"))
        schema = sorted(sql for (sql,) in con.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' "
            "AND name <> 'alembic_version' AND sql IS NOT NULL"))
    finally:
        con.close()
    return ("rows: " + ",".join(rows),
            "schema: " + " ; ".join(s.replace("\n", " ") for s in schema))


def main():
    logging.disable(logging.INFO)
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    out = []
    for graph in spec["graphs"]:
        project, ini = make_project(spec["root"], graph)
        correct_db = os.path.join(project, "correct.db")
        real_db = os.path.join(project, "alembic.db")
        for number, (verb, target) in enumerate(graph["commands"], 1):
            out.append("== %s #%d %s %s" % (graph["name"], number, verb, target))
            result = run(ini, correct_db, verb, target, True)
            rows, schema = state(correct_db)
            out.extend(["result: " + result, rows, schema])
            real = run(ini, real_db, verb, target, False)
            real_rows, real_schema = state(real_db)
            if (real, real_rows, real_schema) != (result, rows, schema):
                if real.startswith("error ") and not result.startswith("error "):
                    how = "raises " + real[len("error "):]
                elif real_rows != rows:
                    how = "leaves rows that are not the heads"
                elif real_schema != schema:
                    how = "leaves another schema"
                else:
                    how = "fails otherwise"
                out.append("# alembic 1.8.1 %s: %s; %s" % (how, real, real_rows))
                if os.path.exists(correct_db):
                    shutil.copyfile(correct_db, real_db)
        sys.stdout.write("\n".join(out) + "\n")
        sys.stdout.flush()
        out = []


if __name__ == "__main__":
    main()
