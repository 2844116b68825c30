class ReflectMigrations:
    """aiida's reflects the schema through the migration's connection."""

    def __init__(self, op):
        raise RuntimeError("ReflectMigrations reflects the schema through a database connection")
