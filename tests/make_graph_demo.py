"""Write a branchy demo history into VERSIONS_DIR, for the screenshot of the
revision graph (tests/screenshot.sh, SCREENSHOT_SCENE=graph).

    make_graph_demo.py VERSIONS_DIR

On top of the app's own first revision (a90cc5966c45, copied by the caller):
a batch that rebuilds `pet`, a long line of small revisions (it folds), a
data migration with no way back, a labelled branch ("toys") merged back, a
seed with bulk_insert, two open heads waiting for a merge, and an
independent labelled root ("audit") whose second revision depends on the
main line. Every script is one petmigrate and Alembic both read.
"""
import os
import sys

HEADER = '''"""{message}

Revision ID: {rev}
Revises: {revises}
Create Date: 2026-11-{day:02d} {hour:02d}:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


# revision identifiers, used by Alembic.
revision = '{rev}'
down_revision = {down}
branch_labels = {labels}
depends_on = {depends}


def upgrade() -> None:
{upgrade}


def downgrade() -> None:
{downgrade}
'''


def literal(value):
    if value is None:
        return "None"
    if isinstance(value, str):
        return repr(value)
    return "(" + ", ".join(repr(v) for v in value) + ("," if len(value) == 1 else "") + ")"


def body(lines):
    return "\n".join("    " + line for line in lines)


class Writer:
    def __init__(self, directory):
        self.directory = directory
        self.hour = 0

    def write(self, rev, down, message, upgrade, downgrade=("pass",), labels=None, depends=None):
        self.hour += 1
        revises = down if isinstance(down, str) or down is None else ", ".join(down)
        name = "%s_%s.py" % (rev, message.lower().replace(" ", "_").replace(",", ""))
        with open(os.path.join(self.directory, name), "w") as f:
            f.write(HEADER.format(message=message, rev=rev, revises=revises or "", down=literal(down),
                                  labels=literal(labels), depends=literal(depends),
                                  day=1 + self.hour // 24, hour=self.hour % 24,
                                  upgrade=body(upgrade), downgrade=body(downgrade)))
        return rev


def main():
    w = Writer(sys.argv[1])
    head = w.write("b9aceae553ae", "a90cc5966c45", "pet owner and species", [
        "with op.batch_alter_table('pet', schema=None) as batch_op:",
        "    batch_op.add_column(sa.Column('species', sqlmodel.sql.sqltypes.AutoString(), nullable=True))",
        "    batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))",
        "    batch_op.create_foreign_key(batch_op.f('fk_pet_owner_id_user'), 'user', ['owner_id'], ['id'])",
    ], [
        "with op.batch_alter_table('pet', schema=None) as batch_op:",
        "    batch_op.drop_constraint(batch_op.f('fk_pet_owner_id_user'), type_='foreignkey')",
        "    batch_op.drop_column('owner_id')",
        "    batch_op.drop_column('species')",
    ])
    # A long line of small steps: it folds into one row.
    for i, column in enumerate(["nickname", "colour", "chip_id", "notes", "vet", "diet", "toy_count",
                                "walks", "insured", "adopted_on", "rescue", "allergies"]):
        rev = "c%02d%09x" % (i, 0x5eed + i * 7919)
        head = w.write(rev, head, "pet %s" % column.replace("_", " "), [
            "op.add_column('pet', sa.Column('%s', sa.String(), nullable=True))" % column,
        ], [
            "with op.batch_alter_table('pet', schema=None) as batch_op:",
            "    batch_op.drop_column('%s')" % column,
        ])
    normalized = w.write("d4e5f6a7b8c9", head, "normalize species", [
        "op.execute(\"UPDATE pet SET species = lower(species)\")",
    ])
    nick = w.write("e1f2a3b4c5d6", normalized, "user nickname", [
        "op.add_column('user', sa.Column('nickname', sa.String(), nullable=True))",
    ], [
        "with op.batch_alter_table('user', schema=None) as batch_op:",
        "    batch_op.drop_column('nickname')",
    ])
    weight = w.write("f7a8b9c0d1e2", nick, "pet weight as decimal", [
        "op.add_column('pet', sa.Column('weight_kg', sa.Float(), nullable=True))",
    ], [
        "with op.batch_alter_table('pet', schema=None) as batch_op:",
        "    batch_op.drop_column('weight_kg')",
    ])
    toys = w.write("1a2b3c4d5e6f", normalized, "toy table", [
        "op.create_table('toy',",
        "sa.Column('id', sa.Integer(), nullable=False),",
        "sa.Column('name', sa.String(), nullable=False),",
        "sa.PrimaryKeyConstraint('id', name=op.f('pk_toy'))",
        ")",
    ], ["op.drop_table('toy')"], labels=("toys",))
    toys = w.write("2b3c4d5e6f7a", toys, "toy colour", [
        "op.add_column('toy', sa.Column('colour', sa.String(), nullable=True))",
    ], [
        "with op.batch_alter_table('toy', schema=None) as batch_op:",
        "    batch_op.drop_column('colour')",
    ])
    merged = w.write("3c4d5e6f7a8b", (weight, toys), "merge toys", ["pass"])
    seeded = w.write("4d5e6f7a8b9c", merged, "seed species", [
        "op.bulk_insert(sa.table('toy', sa.column('name', sa.String())), [{'name': 'ball'}, {'name': 'rope'}])",
    ], ["op.execute(\"DELETE FROM toy\")"])
    w.write("5e6f7a8b9c0d", seeded, "vet visits", [
        "op.create_table('visit',",
        "sa.Column('id', sa.Integer(), nullable=False),",
        "sa.Column('pet_id', sa.Integer(), nullable=True),",
        "sa.ForeignKeyConstraint(['pet_id'], ['pet.id'], name=op.f('fk_visit_pet_id_pet')),",
        "sa.PrimaryKeyConstraint('id', name=op.f('pk_visit'))",
        ")",
    ], ["op.drop_table('visit')"])
    w.write("6f7a8b9c0d1e", seeded, "pet name length", [
        "with op.batch_alter_table('pet', schema=None) as batch_op:",
        "    batch_op.alter_column('name', existing_type=sa.VARCHAR(), type_=sa.String(length=60),"
        " existing_nullable=False)",
    ], [
        "with op.batch_alter_table('pet', schema=None) as batch_op:",
        "    batch_op.alter_column('name', existing_type=sa.String(length=60), type_=sa.VARCHAR(),"
        " existing_nullable=False)",
    ])
    audit = w.write("7a8b9c0d1e2f", None, "audit log", [
        "op.create_table('audit',",
        "sa.Column('id', sa.Integer(), nullable=False),",
        "sa.Column('what', sa.String(), nullable=False),",
        "sa.PrimaryKeyConstraint('id', name=op.f('pk_audit'))",
        ")",
    ], ["op.drop_table('audit')"], labels=("audit",))
    w.write("8b9c0d1e2f3a", audit, "audit pets", [
        "op.add_column('audit', sa.Column('pet_id', sa.Integer(), nullable=True))",
    ], [
        "with op.batch_alter_table('audit', schema=None) as batch_op:",
        "    batch_op.drop_column('pet_id')",
    ], depends=(weight,))


if __name__ == "__main__":
    main()
