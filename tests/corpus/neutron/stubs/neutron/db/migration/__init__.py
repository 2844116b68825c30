"""neutron.db.migration as its scripts use it: release names and the helpers
that inspect the live schema (refused offline, as in neutron)."""
import contextlib
import functools

import sqlalchemy as sa
from alembic import context, op

LIBERTY = "liberty"
MITAKA = "mitaka"
NEWTON = "newton"
OCATA = "ocata"
PIKE = "pike"
QUEENS = "queens"
ROCKY = "rocky"
STEIN = "stein"
TRAIN = "train"
USSURI = "ussuri"
VICTORIA = "victoria"
WALLABY = "wallaby"
XENA = "xena"
YOGA = "yoga"
ZED = "zed"
RELEASE_2023_1 = "2023.1"
RELEASE_2023_2 = "2023.2"
RELEASE_2024_1 = "2024.1"
RELEASE_2024_2 = "2024.2"
RELEASE_2025_1 = "2025.1"
RELEASE_2025_2 = "2025.2"
RELEASE_2026_1 = "2026.1"
RELEASE_2026_2 = "2026.2"


def raise_if_offline(func):
    @functools.wraps(func)
    def decorator(*args, **kwargs):
        if context.is_offline_mode():
            raise RuntimeError("%s cannot be called while in offline mode" % func.__name__)
        return func(*args, **kwargs)
    return decorator


@raise_if_offline
def schema_has_table(table_name):
    return table_name in sa.inspect(op.get_bind()).get_table_names()


@raise_if_offline
def schema_has_column(table_name, column_name):
    if not schema_has_table(table_name):
        return False
    return column_name in [c["name"] for c in sa.inspect(op.get_bind()).get_columns(table_name)]


@raise_if_offline
def create_table_if_not_exists(table_name, *args, **kwargs):
    return None if schema_has_table(table_name) else op.create_table(table_name, *args, **kwargs)


@raise_if_offline
def add_column_if_not_exists(table_name, column, **kwargs):
    if not schema_has_column(table_name, column.name):
        op.add_column(table_name, column, **kwargs)


@raise_if_offline
def alter_column_if_exists(table_name, column_name, **kwargs):
    if schema_has_column(table_name, column_name):
        op.alter_column(table_name, column_name, **kwargs)


@raise_if_offline
def drop_table_if_exists(table_name):
    if schema_has_table(table_name):
        op.drop_table(table_name)


@raise_if_offline
def rename_table_if_exists(old_table_name, new_table_name):
    if schema_has_table(old_table_name):
        op.rename_table(old_table_name, new_table_name)


def alter_enum_add_value(table, column, enum, nullable, server_default=None):
    op.alter_column(table, column, type_=enum, existing_nullable=nullable, server_default=server_default)


def remove_foreign_keys(table, foreign_keys):
    for fk in foreign_keys:
        op.drop_constraint(constraint_name=fk["name"], table_name=table, type_="foreignkey")


def create_foreign_keys(table, foreign_keys):
    for fk in foreign_keys:
        op.create_foreign_key(constraint_name=fk["name"], source_table=table, referent_table=fk["referred_table"],
                              local_cols=fk["constrained_columns"], remote_cols=fk["referred_columns"],
                              ondelete=fk["options"].get("ondelete"))


@contextlib.contextmanager
def remove_fks_from_table(table, remove_unique_constraints=False):
    foreign_keys = sa.inspect(op.get_bind()).get_foreign_keys(table)
    try:
        remove_foreign_keys(table, foreign_keys)
        if remove_unique_constraints:
            inspector = sa.inspect(op.get_bind())
            unique = {tuple(sorted(c["column_names"])): c["name"] for c in inspector.get_unique_constraints(table)}
            for fk in foreign_keys:
                name = unique.get(tuple(sorted(fk["constrained_columns"])))
                if name:
                    op.drop_constraint(constraint_name=name, table_name=table, type_="unique")
        yield
    finally:
        create_foreign_keys(table, foreign_keys)


def pk_on_alembic_version_table():
    pk = sa.inspect(op.get_bind()).get_pk_constraint("alembic_version")
    if not pk["constrained_columns"]:
        op.create_primary_key(op.f("pk_alembic_version"), "alembic_version", ["version_num"])
