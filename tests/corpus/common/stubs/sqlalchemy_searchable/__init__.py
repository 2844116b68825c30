"""Stand-in for sqlalchemy_searchable's trigger helpers: they run DDL on a
live PostgreSQL connection, so offline they fail as the real ones do. The
SQL of its search functions (sql_expressions) is the package's own data
file, not reproduced here: the revision that runs it fails."""

sql_expressions = None


def sync_trigger(conn, table_name, tsvector_column, indexed_columns, metadata=None, options=None):
    raise RuntimeError("sqlalchemy_searchable.sync_trigger needs a live PostgreSQL connection")


def drop_trigger(conn, table_name, tsvector_column, metadata=None, options=None):
    raise RuntimeError("sqlalchemy_searchable.drop_trigger needs a live PostgreSQL connection")


class _Vectorizer:
    def clear(self):
        pass

    def __call__(self, *columns):
        return lambda fn: fn


vectorizer = _Vectorizer()
