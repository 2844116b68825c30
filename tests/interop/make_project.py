"""Build throw-away Alembic projects for the interop suites.

    make_project.py new KIND DIR   -- `alembic init DIR` + hand-written revisions
    make_project.py fix DIR        -- correct the failing revision of a fail_* project

KIND is one of:
  features      linear chain exercising every operation (batch included)
  graph         branches, a merge, depends_on and branch labels (no batch, so
                Alembic can also run it offline)
  fail_batch    r1 creates a table with rows; r2 adds a NOT NULL column without
                default inside a batch block (fails on the copy)
  types         one create_table with every generic type\n  fail_execute  three revisions; the third runs invalid SQL after real work
  bind_rows     bodies that mix op.* with op.get_bind().execute() and read
                rows back (text with parameters, table clauses, scalar,
                sa.inspect, a batch block between a write and a read)
  bind_fail     bind_rows and a fifth revision that fails mid-body (a bind
                statement on a missing table), after its op.* calls and bind
                statements have run
  bind_raise    the same, failing with the script's own exception (KeyError)

Run with Debian's /usr/bin/python3 (python3-alembic 1.8.1). The project's
alembic.ini points at DIR/test.db; the tests write other ini files beside it.
"""
import os
import subprocess
import sys
import textwrap

HEADER = '''"""{message}

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
{upgrade}


def downgrade() -> None:
{downgrade}
'''


def lit(value):
    if value is None:
        return "None"
    if isinstance(value, str):
        return repr(value)
    if len(value) == 1:
        return "(%r,)" % (value[0],)
    return "(" + ", ".join(repr(v) for v in value) + ")"


def write_rev(versions, rev, message, down, upgrade, downgrade,
              labels=None, depends=None):
    revises = down if isinstance(down, str) else ", ".join(down or ())
    text = HEADER.format(
        message=message, rev=rev, revises=revises, down=lit(down),
        labels=lit(labels), depends=lit(depends),
        upgrade=textwrap.indent(textwrap.dedent(upgrade).strip("\n"), "    "),
        downgrade=textwrap.indent(textwrap.dedent(downgrade).strip("\n"), "    "))
    slug = message.lower().replace(" ", "_")
    with open(os.path.join(versions, "%s_%s.py" % (rev, slug)), "w") as f:
        f.write(text)


def features(v):
    write_rev(v, "1a0000000001", "all types", None, """
        op.create_table('owner',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_owner'))
        )
        op.create_table('thing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('big', sa.BigInteger(), nullable=True),
        sa.Column('small', sa.SmallInteger(), nullable=True),
        sa.Column('label', sa.String(length=50), nullable=False),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('uni', sa.String(length=20), nullable=True),
        sa.Column('flag', sa.Boolean(), server_default=sa.text('0'), nullable=False),
        sa.Column('day', sa.Date(), nullable=True),
        sa.Column('stamp', sa.DateTime(), nullable=True),
        sa.Column('clock', sa.Time(), nullable=True),
        sa.Column('ratio', sa.Float(), nullable=True),
        sa.Column('price', sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column('blob', sa.LargeBinary(), nullable=True),
        sa.Column('kind', sa.Enum('small', 'large', name='thingkind'), nullable=True),
        sa.Column('note', sa.String(length=20), server_default='n/a', nullable=True),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['owner_id'], ['owner.id'], name=op.f('fk_thing_owner_id_owner')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_thing'))
        )
        op.bulk_insert(sa.table('owner', sa.column('id', sa.Integer()), sa.column('name', sa.String())),
            [{'id': 1, 'name': 'ann'}, {'id': 2, 'name': 'bob'}])
        op.execute("INSERT INTO thing (id, label, owner_id) VALUES (1, 'first', 1)")
        op.execute("INSERT INTO thing (id, label, owner_id) VALUES (2, 'second', 2)")
        """, """
        op.drop_table('thing')
        op.drop_table('owner')
        """)
    write_rev(v, "1a0000000002", "add column", "1a0000000001", """
        op.add_column('thing', sa.Column('extra', sa.String(length=20), nullable=True))
        op.add_column('owner', sa.Column('age', sa.Integer(), server_default='0', nullable=False))
        """, """
        with op.batch_alter_table('owner', schema=None) as batch_op:
            batch_op.drop_column('age')

        with op.batch_alter_table('thing', schema=None) as batch_op:
            batch_op.drop_column('extra')
        """)
    write_rev(v, "1a0000000003", "indexes", "1a0000000002", """
        op.create_index(op.f('ix_thing_label'), 'thing', ['label'], unique=False)
        op.create_index('ix_thing_owner_day', 'thing', ['owner_id', 'day'], unique=True)
        op.create_index(op.f('ix_owner_name'), 'owner', ['name'], unique=True)
        """, """
        op.drop_index(op.f('ix_owner_name'), table_name='owner')
        op.drop_index('ix_thing_owner_day', table_name='thing')
        op.drop_index(op.f('ix_thing_label'), table_name='thing')
        """)
    write_rev(v, "1a0000000004", "batch alter", "1a0000000003", """
        with op.batch_alter_table('thing', schema=None) as batch_op:
            batch_op.alter_column('body', existing_type=sa.Text(), new_column_name='description')
            batch_op.alter_column('label', existing_type=sa.String(length=50), type_=sa.String(length=80), existing_nullable=False)
            batch_op.alter_column('uni', existing_type=sa.String(length=20), server_default='u', existing_nullable=True)
            batch_op.alter_column('note', existing_type=sa.String(length=20), nullable=False, existing_server_default='n/a')
            batch_op.drop_column('blob')
            batch_op.create_unique_constraint(batch_op.f('uq_thing_big'), ['big'])
            batch_op.create_check_constraint('ck_thing_ratio_positive', 'ratio >= 0')

        with op.batch_alter_table('owner', schema=None) as batch_op:
            batch_op.add_column(sa.Column('buddy_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f('fk_owner_buddy_id_owner'), 'owner', ['buddy_id'], ['id'])
        """, """
        with op.batch_alter_table('owner', schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f('fk_owner_buddy_id_owner'), type_='foreignkey')
            batch_op.drop_column('buddy_id')

        with op.batch_alter_table('thing', schema=None) as batch_op:
            batch_op.drop_constraint('ck_thing_ratio_positive', type_='check')
            batch_op.drop_constraint(batch_op.f('uq_thing_big'), type_='unique')
            batch_op.add_column(sa.Column('blob', sa.LargeBinary(), nullable=True))
            batch_op.alter_column('note', existing_type=sa.String(length=20), nullable=True, existing_server_default='n/a')
            batch_op.alter_column('uni', existing_type=sa.String(length=20), server_default=None, existing_nullable=True)
            batch_op.alter_column('label', existing_type=sa.String(length=80), type_=sa.String(length=50), existing_nullable=False)
            batch_op.alter_column('description', existing_type=sa.Text(), new_column_name='body')
        """)
    write_rev(v, "1a0000000005", "rename table", "1a0000000004", """
        op.rename_table('owner', 'person')
        op.create_table('tag',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('thing_id', sa.Integer(), nullable=False),
        sa.Column('word', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['thing_id'], ['thing.id'], name='fk_tag_thing', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
        sa.UniqueConstraint('thing_id', 'word', name='uq_tag_thing_word'),
        sa.CheckConstraint('length(word) > 0', name='ck_tag_word')
        )
        """, """
        op.drop_table('tag')
        op.rename_table('person', 'owner')
        """)


def types(v):
    # every generic type of SQLAlchemy's schema core (1.4) in one table
    write_rev(v, "5e0000000001", "all types", None, """
        op.create_table('everything',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('c_bigint', sa.BigInteger(), nullable=True),
        sa.Column('c_smallint', sa.SmallInteger(), nullable=True),
        sa.Column('c_string', sa.String(length=10), nullable=True),
        sa.Column('c_string_nolen', sa.String(), nullable=True),
        sa.Column('c_text', sa.Text(), nullable=True),
        sa.Column('c_unicode', sa.Unicode(length=20), nullable=True),
        sa.Column('c_unicodetext', sa.UnicodeText(), nullable=True),
        sa.Column('c_boolean', sa.Boolean(), nullable=True),
        sa.Column('c_date', sa.Date(), nullable=True),
        sa.Column('c_datetime', sa.DateTime(), nullable=True),
        sa.Column('c_datetime_tz', sa.DateTime(timezone=True), nullable=True),
        sa.Column('c_time', sa.Time(), nullable=True),
        sa.Column('c_interval', sa.Interval(), nullable=True),
        sa.Column('c_float', sa.Float(), nullable=True),
        sa.Column('c_float_p', sa.Float(precision=53), nullable=True),
        sa.Column('c_numeric', sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column('c_numeric_plain', sa.Numeric(), nullable=True),
        sa.Column('c_largebinary', sa.LargeBinary(), nullable=True),
        sa.Column('c_enum', sa.Enum('a', 'b', name='abenum'), nullable=True),
        sa.Column('c_json', sa.JSON(), nullable=True),
        sa.Column('c_pickle', sa.PickleType(), nullable=True),
        sa.Column('c_varchar', sa.VARCHAR(length=5), nullable=True),
        sa.Column('c_char', sa.CHAR(length=3), nullable=True),
        sa.Column('c_integer_up', sa.INTEGER(), nullable=True),
        sa.Column('c_real', sa.REAL(), nullable=True),
        sa.Column('c_timestamp', sa.TIMESTAMP(), nullable=True),
        sa.Column('c_blob', sa.BLOB(), nullable=True),
        sa.Column('c_clob', sa.CLOB(), nullable=True),
        sa.Column('c_decimal', sa.DECIMAL(precision=8, scale=3), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_everything'))
        )
        """, """
        op.drop_table('everything')
        """)


def simple_table(name):
    return ("""
        op.create_table('%s',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('v', sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index(op.f('ix_%s_v'), '%s', ['v'], unique=False)
        """ % (name, name, name),
            """
        op.drop_index(op.f('ix_%s_v'), table_name='%s')
        op.drop_table('%s')
        """ % (name, name, name))


def graph(v):
    # base -> a1 -> {b1, b2 (label 'feature') -> b3} -> m1 (merge) -> c1
    # independent branch 'other': o1 (depends_on b1) -> o2 (depends_on a1)
    def rev(rev, msg, down, table, **kw):
        up, dn = simple_table(table)
        write_rev(v, rev, msg, down, up, dn, **kw)
    rev("2b0000000001", "root", None, "t_root")
    rev("2b00000000b1", "left", "2b0000000001", "t_left")
    rev("2b00000000b2", "right", "2b0000000001", "t_right", labels=("feature",))
    rev("2b00000000b3", "right more", "2b00000000b2", "t_right2")
    write_rev(v, "2b00000000m1", "merge", ("2b00000000b1", "2b00000000b3"),
              "op.add_column('t_root', sa.Column('merged', sa.Integer(), nullable=True))",
              "op.execute('ALTER TABLE t_root DROP COLUMN merged')")
    rev("2b00000000c1", "after merge", "2b00000000m1", "t_after")
    rev("2b00000000o1", "other root", None, "t_other", labels=("other",),
        depends=("2b00000000b1",))
    rev("2b00000000o2", "other more", "2b00000000o1", "t_other2",
        depends="2b0000000001")


def fail_batch(v):
    write_rev(v, "3c0000000001", "table with rows", None, """
        op.create_table('item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_item'))
        )
        op.create_index(op.f('ix_item_name'), 'item', ['name'], unique=False)
        op.execute("INSERT INTO item (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three')")
        """, """
        op.drop_index(op.f('ix_item_name'), table_name='item')
        op.drop_table('item')
        """)
    write_rev(v, "3c0000000002", "not null column", "3c0000000001", """
        op.create_table('side',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('item', schema=None) as batch_op:
            batch_op.alter_column('name', existing_type=sa.String(length=20), type_=sa.String(length=40), existing_nullable=False)
            batch_op.add_column(sa.Column('weight', sa.Integer(), nullable=False))
        """, """
        with op.batch_alter_table('item', schema=None) as batch_op:
            batch_op.drop_column('weight')
            batch_op.alter_column('name', existing_type=sa.String(length=40), type_=sa.String(length=20), existing_nullable=False)
        op.drop_table('side')
        """)


def fail_execute(v):
    up, dn = simple_table("t_one")
    write_rev(v, "4d0000000001", "one", None, up, dn)
    up, dn = simple_table("t_two")
    write_rev(v, "4d0000000002", "two", "4d0000000001",
              up + "\n        op.execute(\"INSERT INTO t_two (id, v) VALUES (1, 'x')\")", dn)
    write_rev(v, "4d0000000003", "three", "4d0000000002", """
        op.add_column('t_two', sa.Column('w', sa.Integer(), nullable=True))
        op.execute("UPDATE t_two SET w = 7")
        op.execute("INSERT INTO no_such_table VALUES (1)")
        """, """
        op.execute('ALTER TABLE t_two DROP COLUMN w')
        """)


def bind_rows(v):
    write_rev(v, "5e0000000001", "pets", None, """
        pet = op.create_table(
            'pet',
            sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('name', sa.String(length=40), nullable=False),
            sa.Column('species', sa.String(length=20), nullable=True),
            sa.PrimaryKeyConstraint('id'),
        )
        op.bulk_insert(pet, [
            {'id': 1, 'name': 'rex', 'species': 'dog'},
            {'id': 2, 'name': 'tom', 'species': 'cat'},
            {'id': 3, 'name': 'kit', 'species': 'cat'},
        ])
        """, """
        op.drop_table('pet')
        """)
    # A column added by op.*, then filled from rows read through the bind.
    write_rev(v, "5e0000000002", "labels from rows", "5e0000000001", """
        op.add_column('pet', sa.Column('label', sa.String(length=60), nullable=True))
        bind = op.get_bind()
        rows = bind.execute(sa.text("SELECT id, name, species FROM pet ORDER BY id")).fetchall()
        for row in rows:
            label = "%s the %s" % (row.name.title(), row["species"])
            bind.execute(sa.text("UPDATE pet SET label = :label WHERE id = :id"),
                         {"label": label, "id": row[0]})
        first = bind.execute(sa.text("SELECT name FROM pet WHERE species = :s ORDER BY id"), {"s": "cat"}).first()
        op.execute("UPDATE pet SET label = label || '!' WHERE name = '%s'" % first._mapping["name"])
        """, """
        with op.batch_alter_table('pet') as batch_op:
            batch_op.drop_column('label')
        """)
    # Counts, scalars, the dialect and the inspector decide what op.* does.
    write_rev(v, "5e0000000003", "stats from scalars", "5e0000000002", """
        bind = op.get_bind()
        inspector = sa.inspect(bind)
        columns = [c["name"] for c in inspector.get_columns("pet")]
        cats = bind.scalar(sa.text("SELECT count(*) FROM pet WHERE species = 'cat'"))
        total = bind.execute(sa.text("SELECT count(*) FROM pet")).scalar()
        nobody = bind.execute(sa.text("SELECT id FROM pet WHERE id = 99")).scalar_one_or_none()
        stats = op.create_table(
            'stats',
            sa.Column('key', sa.String(length=30), nullable=False),
            sa.Column('value', sa.String(length=200), nullable=True),
            sa.PrimaryKeyConstraint('key'),
        )
        op.bulk_insert(stats, [
            {'key': 'cats', 'value': str(cats)},
            {'key': 'total', 'value': str(total)},
            {'key': 'nobody', 'value': repr(nobody)},
            {'key': 'columns', 'value': ",".join(columns)},
            {'key': 'dialect', 'value': bind.dialect.name},
            {'key': 'has_stats', 'value': str(inspector.has_table('stats'))},
            {'key': 'tables', 'value': ",".join(t for t in inspector.get_table_names() if t != 'alembic_version')},
        ])
        """, """
        op.drop_table('stats')
        """)
    # A batch block is applied when it ends: a read after it sees the new
    # column; table clauses go through the bind with their rowcount.
    write_rev(v, "5e0000000004", "batch then read", "5e0000000003", """
        with op.batch_alter_table('pet') as batch_op:
            batch_op.add_column(sa.Column('legs', sa.Integer(), nullable=True))
        pet = sa.table('pet', sa.column('id', sa.Integer), sa.column('species', sa.String), sa.column('legs', sa.Integer))
        bind = op.get_bind()
        done = bind.execute(pet.update().where(pet.c.species == 'cat').values(legs=4))
        result = bind.execute(sa.text("SELECT id, legs FROM pet WHERE legs IS NOT NULL ORDER BY id"))
        seen = [tuple(r) for r in result]
        op.execute("INSERT INTO stats (key, value) VALUES ('cats_updated', '%d')" % done.rowcount)
        op.execute("INSERT INTO stats (key, value) VALUES ('legs', '%s')" % ";".join("%d:%d" % s for s in seen))
        # A select as a subquery of the statements given to the bind and to op.execute.
        dogs = sa.select(pet.c.id).where(pet.c.species == 'dog').where(pet.c.legs.is_(None))
        bind.execute(pet.update().where(pet.c.id.in_(dogs)).values(legs=3))
        op.execute(pet.update().where(pet.c.id.not_in(sa.select(pet.c.id).where(pet.c.legs == 4))).values(legs=pet.c.legs + 1))
        """, """
        bind = op.get_bind()
        for row in bind.execute(sa.text("SELECT key FROM stats WHERE key IN ('cats_updated', 'legs')")):
            bind.execute(sa.text("DELETE FROM stats WHERE key = :k"), {"k": row.key})
        with op.batch_alter_table('pet') as batch_op:
            batch_op.drop_column('legs')
        """)


def bind_fail(v, failing='bind.execute(sa.text("INSERT INTO no_such_table (name) VALUES (:n)"), {"n": names[0]})'):
    bind_rows(v)
    write_rev(v, "5e0000000005", "fails mid body", "5e0000000004", """
        op.add_column('pet', sa.Column('age', sa.Integer(), nullable=True))
        bind = op.get_bind()
        bind.execute(sa.text("UPDATE pet SET age = 3"))
        names = [r.name for r in bind.execute(sa.text("SELECT name FROM pet"))]
        op.create_table('owner', sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('id'))
        """ + failing + """
        """, """
        op.drop_table('owner')
        op.drop_column('pet', 'age')
        """)


def bind_raise(v):
    # The script's own exception, after its statements ran: a row has no such column.
    bind_fail(v, 'print(bind.execute(sa.text("SELECT name FROM pet")).first()["nope"])')


FIXES = {
    "3c0000000002_not_null_column.py": (
        "sa.Column('weight', sa.Integer(), nullable=False)",
        "sa.Column('weight', sa.Integer(), server_default='0', nullable=False)"),
    "4d0000000003_three.py": (
        'op.execute("INSERT INTO no_such_table VALUES (1)")',
        'op.execute("INSERT INTO t_two (id, v, w) VALUES (2, \'y\', 8)")'),
}


def main():
    if sys.argv[1] == "fix":
        versions = os.path.join(sys.argv[2], "versions")
        for name, (old, new) in FIXES.items():
            path = os.path.join(versions, name)
            if os.path.exists(path):
                with open(path) as f:
                    text = f.read()
                assert old in text, path
                with open(path, "w") as f:
                    f.write(text.replace(old, new))
        return
    kind, target = sys.argv[2], os.path.abspath(sys.argv[3])
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # `alembic init` writes alembic.ini into the working directory.
    subprocess.run([sys.executable, "-m", "alembic", "init", target],
                   cwd=os.path.dirname(target),
                   check=True, stdout=subprocess.DEVNULL)
    os.rename(os.path.join(os.path.dirname(target), "alembic.ini"),
              os.path.join(target, "alembic.ini"))
    ini = os.path.join(target, "alembic.ini")
    with open(ini) as f:
        lines = f.read().split("\n")
    out = []
    for line in lines:
        if line.startswith("script_location ="):
            line = "script_location = %(here)s"
        elif line.startswith("sqlalchemy.url ="):
            line = "sqlalchemy.url = sqlite:///%(here)s/test.db"
        out.append(line)
    with open(ini, "w") as f:
        f.write("\n".join(out))
    globals()[kind](os.path.join(target, "versions"))


if __name__ == "__main__":
    main()
