"""The migration helpers of privacyidea.models.db: each writes, per dialect,
the statement the application's helper writes."""
from sqlalchemy import Column, Integer, Sequence, text
from sqlalchemy.schema import CreateSequence


def build_restart_sequence_sql(name, restart_with, dialect_name):
    if dialect_name == "oracle":
        return "ALTER SEQUENCE %s RESTART START WITH %s" % (name, restart_with)
    sql = "ALTER SEQUENCE %s RESTART WITH %s" % (name, restart_with)
    if dialect_name in ("mysql", "mariadb"):
        sql += " INCREMENT BY 0"
    return sql


def create_sequence_if_supported(op, sequence_name):
    if op.get_bind().dialect.supports_sequences:
        op.execute(CreateSequence(Sequence(sequence_name), if_not_exists=True))


def sequence_id_column(op, sequence_name):
    if op.get_bind().dialect.name == "postgresql":
        return Column("id", Integer(), nullable=False,
                      server_default=text("nextval('%s')" % sequence_name))
    return Column("id", Integer(), nullable=False, autoincrement=True)


def restart_sequence_past_max(op, table_name, sequence_name):
    bind = op.get_bind()
    if bind.dialect.supports_sequences:
        max_id = bind.execute(text("SELECT COALESCE(MAX(id), 0) FROM %s" % table_name)).scalar() or 0
        op.execute(build_restart_sequence_sql(sequence_name, max_id + 1, bind.dialect.name))
