def upgrade():
    raise RuntimeError("glance's add_tasks_tables builds its tables from application code")
