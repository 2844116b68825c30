def upgrade():
    raise RuntimeError("glance's add_images_tables builds its tables from application code")
