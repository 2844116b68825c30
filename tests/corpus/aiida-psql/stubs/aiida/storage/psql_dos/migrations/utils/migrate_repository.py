def migrate_repository(*args, **kwargs):
    raise RuntimeError("migrate_repository needs the AiiDA storage")
