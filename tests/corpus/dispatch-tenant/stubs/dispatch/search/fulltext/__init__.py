def sync_trigger(conn, table, tsvector_column, indexed_columns, metadata=None, options=None):
    raise RuntimeError("dispatch's sync_trigger runs DDL on a live PostgreSQL connection")
