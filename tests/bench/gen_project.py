"""Write a large Alembic project for the benchmarks, fast (files written directly).

    gen_project.py graph N DIR   N revisions: a mainline that every 40 revisions
                                 forks into 3 branches of ~4 revisions each and
                                 merges them back (one merge revision), plus a
                                 labelled side branch depending on the mainline.
    gen_project.py chain N DIR   N revisions in one line; each creates a table
                                 (every 4th) or adds a column to the last one.

DIR gets alembic.ini (sqlalchemy.url = sqlite:///DIR/bench.db), env.py and
script.py.mako from Alembic's `generic` template, and versions/.
Run with /usr/bin/python3 (Debian's python3-alembic).
"""
import os
import subprocess
import sys

TEMPLATE = '''"""{msg}

Revision ID: {rev}
Revises: {revises}
Create Date: 2022-06-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '{rev}'
down_revision = {down}
branch_labels = {labels}
depends_on = {depends}


def upgrade() -> None:
{up}


def downgrade() -> None:
{down_body}
'''


def lit(v):
    if v is None:
        return "None"
    if isinstance(v, str):
        return repr(v)
    return "(" + ", ".join(repr(x) for x in v) + ("," if len(v) == 1 else "") + ")"


class Writer:
    def __init__(self, versions):
        self.versions = versions
        self.n = 0

    def rev_id(self):
        self.n += 1
        return "%012x" % (0xa00000000000 + self.n * 7919)

    def write(self, down, up, down_body, labels=None, depends=None, msg=None):
        rev = self.rev_id()
        msg = msg or "rev %d" % self.n
        revises = down if isinstance(down, str) or down is None else ", ".join(down)
        with open(os.path.join(self.versions, "%s_%s.py" % (rev, msg.replace(" ", "_"))), "w") as f:
            f.write(TEMPLATE.format(msg=msg, rev=rev, revises=revises or "", down=lit(down),
                                    labels=lit(labels), depends=lit(depends),
                                    up="    " + "\n    ".join(up),
                                    down_body="    " + "\n    ".join(down_body)))
        return rev


def table_ops(name):
    return ([
        "op.create_table('%s'," % name,
        "sa.Column('id', sa.Integer(), nullable=False),",
        "sa.Column('name', sa.String(length=30), nullable=True),",
        "sa.PrimaryKeyConstraint('id')",
        ")",
    ], ["op.drop_table('%s')" % name])


def graph(w, n):
    head = None
    made = 0
    side = None
    while made < n:
        if made % 40 == 20 and n - made > 20:
            tips = []
            for b in range(3):
                tip = head
                for _ in range(4):
                    up, dn = table_ops("t%d" % (w.n + 1))
                    tip = w.write(tip, up, dn)
                    made += 1
                tips.append(tip)
            head = w.write(tuple(tips), ["pass"], ["pass"], msg="merge %d" % (w.n + 1))
            made += 1
        elif made % 500 == 250 and n - made > 2:
            # a labelled independent branch depending on the mainline
            up, dn = table_ops("t%d" % (w.n + 1))
            label = "side%d" % (w.n + 1)
            side = w.write(None, up, dn, labels=(label,), depends=(head,))
            made += 1
        else:
            up, dn = table_ops("t%d" % (w.n + 1))
            head = w.write(head, up, dn)
            made += 1


def chain(w, n):
    head = None
    table = None
    for i in range(n):
        if i % 4 == 0:
            table = "t%d" % i
            up, dn = table_ops(table)
        else:
            up = ["op.add_column('%s', sa.Column('c%d', sa.Integer(), nullable=True))" % (table, i)]
            dn = ["op.drop_column('%s', 'c%d')" % (table, i)]
        head = w.write(head, up, dn)


def main():
    mode, n, target = sys.argv[1], int(sys.argv[2]), os.path.abspath(sys.argv[3])
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    subprocess.run([sys.executable, "-m", "alembic", "init", target], cwd=parent,
                   check=True, stdout=subprocess.DEVNULL)
    os.rename(os.path.join(parent, "alembic.ini"), os.path.join(target, "alembic.ini"))
    ini = os.path.join(target, "alembic.ini")
    with open(ini) as f:
        lines = f.read().split("\n")
    lines = ["script_location = %(here)s" if l.startswith("script_location =") else
             "sqlalchemy.url = sqlite:///%(here)s/bench.db" if l.startswith("sqlalchemy.url =") else l
             for l in lines]
    with open(ini, "w") as f:
        f.write("\n".join(lines))
    w = Writer(os.path.join(target, "versions"))
    {"graph": graph, "chain": chain}[mode](w, n)
    print("%s: %d revisions in %s" % (mode, w.n, target))


if __name__ == "__main__":
    main()
