"""Build throw-away Alembic projects for the PostgreSQL interop suite.

    make_pg_project.py new KIND DIR

KIND is one of:
  pgfeatures  linear chain exercising every operation on PostgreSQL: SERIAL
              keys, every generic type plus JSONB/UUID, named enums (created
              with their first table, one shared by two tables of a
              revision, dropped by hand in downgrade as Alembic users must),
              server defaults, bulk_insert, native ALTERs inside batch
              blocks, type and comment changes, reserved-word identifiers,
              a second schema with identity columns (create_table and add_column)
  pgfidelity  what real projects write beyond autogenerate's output:
              PostgreSQL types (ARRAY, INET, JSONB, TSVECTOR, INTERVAL
              fields, ...), enum types created through the bind with
              checkfirst and used with create_type=False, server defaults
              written as constructs (sa.false(), sa.func.now()), comments,
              expression and partial indexes with dialect options,
              sa.Index in create_table, deferrable and NOT VALID
              constraints, CreateSchema/DropSchema, table
              insert/update/delete given to op.execute, schema= on all
  graph       tests/interop/make_project.py's branches/merge/depends_on
              project, which runs on PostgreSQL as it is
  bind_rows   tests/interop/make_project.py's bodies that read rows through
              op.get_bind() and write from them, which run on PostgreSQL too

The SQLite projects of make_project.py (features, types) use defaults and
types PostgreSQL rejects (DEFAULT 0 on a BOOLEAN, BLOB/CLOB), hence this file.
Run with Debian's /usr/bin/python3 (python3-alembic 1.8.1). alembic.ini
points at a sqlite file; the suite writes ini files with its own URLs.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
import make_project  # noqa: E402  (write_rev, graph)

write_rev = make_project.write_rev

PG_IMPORT = "from sqlalchemy.dialects import postgresql\n"


def add_pg_import(versions, rev):
    """Alembic's autogenerate puts this import under `import sqlalchemy as sa`."""
    for name in os.listdir(versions):
        if name.startswith(rev):
            path = os.path.join(versions, name)
            with open(path) as f:
                text = f.read()
            text = text.replace("import sqlalchemy as sa\n", "import sqlalchemy as sa\n" + PG_IMPORT, 1)
            with open(path, "w") as f:
                f.write(text)


def pgfeatures(v):
    write_rev(v, "6a0000000001", "all types", None, """
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
        sa.Column('flag', sa.Boolean(), server_default=sa.text('false'), nullable=False),
        sa.Column('day', sa.Date(), nullable=True),
        sa.Column('stamp', sa.DateTime(), nullable=True),
        sa.Column('stamp_tz', sa.DateTime(timezone=True), server_default=sa.text('to_timestamp(0)'), nullable=True),
        sa.Column('clock', sa.Time(), nullable=True),
        sa.Column('span', sa.Interval(), nullable=True),
        sa.Column('ratio', sa.Float(), nullable=True),
        sa.Column('exact', sa.Float(precision=53), nullable=True),
        sa.Column('price', sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column('blob', sa.LargeBinary(), nullable=True),
        sa.Column('kind', sa.Enum('small', 'large', name='thingkind'), nullable=True),
        sa.Column('doc', sa.JSON(), nullable=True),
        sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column('uid', postgresql.UUID(), nullable=True),
        sa.Column('note', sa.String(length=20), server_default='n/a', nullable=True),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['owner_id'], ['owner.id'], name=op.f('fk_thing_owner_id_owner')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_thing'))
        )
        op.bulk_insert(sa.table('owner', sa.column('id', sa.Integer()), sa.column('name', sa.String())),
            [{'id': 1, 'name': 'ann'}, {'id': 2, 'name': "o'brien"}])
        op.bulk_insert(sa.table('thing', sa.column('id', sa.Integer()), sa.column('label', sa.String()),
            sa.column('flag', sa.Boolean()), sa.column('ratio', sa.Float())),
            [{'id': 3, 'label': 'third', 'flag': True, 'ratio': 0.25}, {'id': 4, 'label': 'fourth', 'flag': False, 'ratio': None}])
        op.execute("INSERT INTO thing (id, label, owner_id, kind, price) VALUES (1, 'first', 1, 'small', 12.5)")
        op.execute("INSERT INTO thing (id, label, owner_id, big, data) VALUES (2, 'second', 2, 9000000000, '{\\"a\\": 1}')")
        """, """
        op.drop_table('thing')
        op.drop_table('owner')
        op.execute('DROP TYPE thingkind')
        """)
    add_pg_import(v, "6a0000000001")
    write_rev(v, "6a0000000002", "add column", "6a0000000001", """
        op.add_column('thing', sa.Column('extra', sa.String(length=20), nullable=True))
        op.add_column('owner', sa.Column('age', sa.Integer(), server_default='0', nullable=False))
        op.add_column('owner', sa.Column('joined', sa.DateTime(), server_default=sa.text("'2000-01-01 00:00:00'::timestamp without time zone"), nullable=True))
        """, """
        with op.batch_alter_table('owner', schema=None) as batch_op:
            batch_op.drop_column('joined')
            batch_op.drop_column('age')

        with op.batch_alter_table('thing', schema=None) as batch_op:
            batch_op.drop_column('extra')
        """)
    write_rev(v, "6a0000000003", "indexes", "6a0000000002", """
        op.create_index(op.f('ix_thing_label'), 'thing', ['label'], unique=False)
        op.create_index('ix_thing_owner_day', 'thing', ['owner_id', 'day'], unique=True)
        op.create_index(op.f('ix_owner_name'), 'owner', ['name'], unique=True)
        """, """
        op.drop_index(op.f('ix_owner_name'), table_name='owner')
        op.drop_index('ix_thing_owner_day', table_name='thing')
        op.drop_index(op.f('ix_thing_label'), table_name='thing')
        """)
    write_rev(v, "6a0000000004", "batch alter", "6a0000000003", """
        with op.batch_alter_table('thing', schema=None) as batch_op:
            batch_op.alter_column('body', existing_type=sa.Text(), new_column_name='description')
            batch_op.alter_column('label', existing_type=sa.String(length=50), type_=sa.String(length=80), existing_nullable=False)
            batch_op.alter_column('extra', existing_type=sa.String(length=20), server_default='x', existing_nullable=True)
            batch_op.alter_column('note', existing_type=sa.String(length=20), nullable=False, existing_server_default='n/a')
            batch_op.drop_column('blob')
            batch_op.create_unique_constraint(batch_op.f('uq_thing_big'), ['big'])
            batch_op.create_check_constraint('ck_thing_ratio_positive', 'ratio >= 0')

        op.alter_column('thing', 'small', existing_type=sa.SmallInteger(), type_=sa.Integer(), existing_nullable=True)
        op.alter_column('thing', 'label', existing_type=sa.String(length=80), comment="the thing's name", existing_nullable=False)
        op.execute('UPDATE thing SET ratio = 0 WHERE ratio IS NULL')
        op.alter_column('thing', 'ratio', existing_type=sa.Float(), server_default=sa.text('1.5'), nullable=False)
        with op.batch_alter_table('owner', schema=None) as batch_op:
            batch_op.add_column(sa.Column('buddy_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f('fk_owner_buddy_id_owner'), 'owner', ['buddy_id'], ['id'], ondelete='SET NULL')
        """, """
        with op.batch_alter_table('owner', schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f('fk_owner_buddy_id_owner'), type_='foreignkey')
            batch_op.drop_column('buddy_id')

        op.alter_column('thing', 'ratio', existing_type=sa.Float(), server_default=None, nullable=True)
        op.alter_column('thing', 'label', existing_type=sa.String(length=80), comment=None, existing_comment="the thing's name", existing_nullable=False)
        op.alter_column('thing', 'small', existing_type=sa.Integer(), type_=sa.SmallInteger(), existing_nullable=True)
        with op.batch_alter_table('thing', schema=None) as batch_op:
            batch_op.drop_constraint('ck_thing_ratio_positive', type_='check')
            batch_op.drop_constraint(batch_op.f('uq_thing_big'), type_='unique')
            batch_op.add_column(sa.Column('blob', sa.LargeBinary(), nullable=True))
            batch_op.alter_column('note', existing_type=sa.String(length=20), nullable=True, existing_server_default='n/a')
            batch_op.alter_column('extra', existing_type=sa.String(length=20), server_default=None, existing_nullable=True)
            batch_op.alter_column('label', existing_type=sa.String(length=80), type_=sa.String(length=50), existing_nullable=False)
            batch_op.alter_column('description', existing_type=sa.Text(), new_column_name='body')
        """)
    write_rev(v, "6a0000000005", "rename and reserved", "6a0000000004", """
        op.rename_table('owner', 'person')
        op.create_table('tag',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('thing_id', sa.Integer(), nullable=False),
        sa.Column('word', sa.String(length=16), nullable=False),
        sa.Column('state', sa.Enum('new', 'paid', name='orderstate'), nullable=True),
        sa.ForeignKeyConstraint(['thing_id'], ['thing.id'], name='fk_tag_thing', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
        sa.UniqueConstraint('thing_id', 'word', name='uq_tag_thing_word'),
        sa.CheckConstraint('length(word) > 0', name='ck_tag_word')
        )
        op.create_table('order',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user', sa.String(length=30), nullable=True),
        sa.Column('Total', sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column('state', sa.Enum('new', 'paid', name='orderstate'), server_default='new', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_order'))
        )
        op.create_index(op.f('ix_order_user'), 'order', ['user'], unique=False)
        op.execute('INSERT INTO "order" ("user", "Total") VALUES (\\'ann\\', 3.5)')
        """, """
        op.drop_index(op.f('ix_order_user'), table_name='order')
        op.drop_table('order')
        op.drop_table('tag')
        op.execute('DROP TYPE orderstate')
        op.rename_table('person', 'owner')
        """)
    write_rev(v, "6a0000000006", "second schema", "6a0000000005", """
        op.execute('CREATE SCHEMA extra')
        op.create_table('audit',
        sa.Column('id', sa.Integer(), sa.Identity(always=True, start=100, increment=5), nullable=False),
        sa.Column('thing_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['thing_id'], ['public.thing.id'], name='fk_audit_thing'),
        sa.PrimaryKeyConstraint('id', name='pk_audit'),
        schema='extra'
        )
        op.create_index('ix_audit_note', 'audit', ['note'], unique=False, schema='extra')
        op.add_column('audit', sa.Column('at', sa.DateTime(), nullable=True), schema='extra')
        op.execute("INSERT INTO extra.audit (note) VALUES ('first')")
        op.add_column('audit', sa.Column('seq_no', sa.BigInteger(), sa.Identity()), schema='extra')
        op.alter_column('audit', 'note', existing_type=sa.Text(), type_=sa.String(length=200), schema='extra')
        """, """
        op.drop_index('ix_audit_note', table_name='audit', schema='extra')
        op.drop_table('audit', schema='extra')
        op.execute('DROP SCHEMA extra')
        """)


def pgfidelity(v):
    write_rev(v, "7f0000000001", "types and constructs", None, """
        op.execute(sa.schema.CreateSchema('fid'))
        postgresql.ENUM('cat', 'dog', name='species', schema='fid').create(op.get_bind())
        postgresql.ENUM('cat', 'dog', name='species', schema='fid').create(op.get_bind())
        op.create_table('animal',
        sa.Column('id', sa.Integer(), nullable=False, comment='the key'),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('species', postgresql.ENUM('cat', 'dog', name='species', schema='fid', create_type=False), nullable=False),
        sa.Column('mood', sa.Enum('calm', 'wild', name='mood', inherit_schema=True), server_default='calm', nullable=False),
        sa.Column('tags', postgresql.ARRAY(sa.String(length=20)), server_default=sa.text("'{}'::varchar[]"), nullable=False),
        sa.Column('grid', sa.ARRAY(sa.Integer(), dimensions=2), nullable=True),
        sa.Column('ip', postgresql.INET(), nullable=True),
        sa.Column('net', postgresql.CIDR(), nullable=True),
        sa.Column('mac', postgresql.MACADDR(), nullable=True),
        sa.Column('uid', postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column('doc', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.Column('tsv', postgresql.TSVECTOR(), nullable=True),
        sa.Column('span', postgresql.INTERVAL(fields='DAY TO SECOND', precision=3), nullable=True),
        sa.Column('weight', postgresql.DOUBLE_PRECISION(), nullable=True),
        sa.Column('born', postgresql.TIMESTAMP(timezone=True, precision=3), server_default=sa.func.now(), nullable=False),
        sa.Column('seen', sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=True),
        sa.Column('photo', postgresql.BYTEA(), nullable=True),
        sa.Column('bits', postgresql.BIT(3), nullable=True),
        sa.Column('alive', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('chipped', sa.Boolean(), server_default=sa.sql.expression.false(), nullable=False),
        sa.Column('legs', sa.Integer(), server_default=sa.literal_column('4'), nullable=False),
        sa.Column('size', sa.Enum('s', 'm', 'l', name='size', native_enum=False, create_constraint=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_animal'),
        sa.UniqueConstraint('name', 'species', name='uq_animal_name', deferrable=True, initially='DEFERRED'),
        sa.CheckConstraint('legs >= 0', name='ck_animal_legs'),
        sa.Index('ix_animal_lower_name', sa.func.lower(sa.column('name')), unique=True, postgresql_where=sa.text('alive')),
        schema='fid',
        comment="the zoo's animals"
        )
        """, """
        op.drop_table('animal', schema='fid')
        op.execute('DROP TYPE fid.mood')
        postgresql.ENUM('cat', 'dog', name='species', schema='fid').drop(op.get_bind())
        postgresql.ENUM('cat', 'dog', name='species', schema='fid').drop(op.get_bind())
        op.execute(sa.schema.DropSchema('fid'))
        """)
    add_pg_import(v, "7f0000000001")
    write_rev(v, "7f0000000002", "indexes and constraints", "7f0000000001", """
        op.create_index('ix_animal_born', 'animal', [sa.text('born DESC')], schema='fid')
        op.create_index('ix_animal_tsv', 'animal', ['tsv'], postgresql_using='gin', schema='fid')
        op.create_index('ix_animal_tags', 'animal', ['tags'], postgresql_using='GIN', postgresql_ops={'tags': 'array_ops'}, schema='fid')
        op.create_index(None, 'animal', ['name'], postgresql_include=['legs'], postgresql_where=sa.column('alive').is_(sa.true()), postgresql_with={'fillfactor': 70}, schema='fid')
        op.create_index('ix_animal_name_desc', 'animal', [sa.column('name').desc(), sa.nulls_first(sa.column('seen'))], schema='fid')
        op.create_table('keeper',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('animal_id', sa.Integer(), nullable=True),
        sa.Column('email', sa.String(80), index=True, unique=True),
        schema='fid'
        )
        op.create_foreign_key('fk_keeper_animal', 'keeper', 'animal', ['animal_id'], ['id'], ondelete='SET NULL', match='FULL', postgresql_not_valid=True, source_schema='fid', referent_schema='fid')
        op.create_check_constraint('ck_keeper_email', 'keeper', sa.column('email').like('%@%'), postgresql_not_valid=True, schema='fid')
        op.add_column('keeper', sa.Column('shift', sa.Enum('day', 'night', name='shift', native_enum=False, create_constraint=True), comment='when', nullable=True), schema='fid')
        op.add_column('keeper', sa.Column('started', sa.DateTime(), server_default=sa.func.now(), index=True), schema='fid')
        op.create_table_comment('keeper', 'who feeds whom', schema='fid')
        op.alter_column('animal', 'legs', type_=sa.SmallInteger(), postgresql_using='legs::smallint', existing_type=sa.Integer(), schema='fid')
        """, """
        op.alter_column('animal', 'legs', type_=sa.Integer(), existing_type=sa.SmallInteger(), schema='fid')
        op.drop_table_comment('keeper', existing_comment='who feeds whom', schema='fid')
        op.drop_table('keeper', schema='fid')
        op.drop_index('ix_animal_name_desc', table_name='animal', schema='fid')
        op.drop_index(op.f('ix_fid_animal_name'), table_name='animal', schema='fid')
        op.drop_index('ix_animal_tags', table_name='animal', schema='fid')
        op.drop_index('ix_animal_tsv', table_name='animal', schema='fid')
        op.drop_index('ix_animal_born', table_name='animal', schema='fid')
        """)
    write_rev(v, "7f0000000003", "data", "7f0000000002", """
        animal = sa.table('animal', sa.column('id', sa.Integer()), sa.column('name', sa.String()), sa.column('species', sa.String()), sa.column('alive', sa.Boolean()), sa.column('legs', sa.Integer()), sa.column('born'), sa.column('seen'), schema='fid')
        op.execute(animal.insert().values([{'id': 1, 'name': "o'malley", 'species': 'cat', 'legs': 4}, {'id': 2, 'name': 'rex', 'species': 'dog', 'legs': 3}]))
        op.execute(animal.update().where(animal.c.legs.in_([3])).values(alive=False))
        op.execute(animal.update().values(born=sa.text("'2020-02-02 10:00:00+00'"), seen=sa.literal_column("'2021-03-03 11:00:00'")))
        op.execute(animal.update().where(animal.c.name.like('o%')).where(animal.c.alive.is_(sa.true())).values(name=sa.func.upper(animal.c.name)))
        op.execute(sa.text("UPDATE fid.animal SET tags = :tags WHERE id = 1").bindparams(tags='{tabby,indoor}'))
        op.execute(\"\"\"
            UPDATE fid.animal
               SET doc = '{"vet": "ok"}'
             WHERE species = 'cat';
        \"\"\")
        """, """
        op.execute(sa.table('animal', schema='fid').delete())
        """)


def graph(v):
    make_project.graph(v)


def bind_rows(v):
    make_project.bind_rows(v)


def main():
    if len(sys.argv) != 4 or sys.argv[1] != "new":
        sys.exit("usage: make_pg_project.py new KIND DIR")
    kind, target = sys.argv[2], os.path.abspath(sys.argv[3])
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # `alembic init` writes alembic.ini into the working directory.
    subprocess.run([sys.executable, "-m", "alembic", "init", target],
                   cwd=os.path.dirname(target), check=True, stdout=subprocess.DEVNULL)
    os.rename(os.path.join(os.path.dirname(target), "alembic.ini"),
              os.path.join(target, "alembic.ini"))
    ini = os.path.join(target, "alembic.ini")
    with open(ini) as f:
        lines = f.read().split("\n")
    out = []
    for line in lines:
        if line.startswith("script_location ="):
            line = "script_location = %(here)s"
        out.append(line)
    with open(ini, "w") as f:
        f.write("\n".join(out))
    globals()[kind](os.path.join(target, "versions"))


if __name__ == "__main__":
    main()
