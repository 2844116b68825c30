def upgrade():
    raise RuntimeError("glance's add_metadefs_tables builds its tables from application code")
