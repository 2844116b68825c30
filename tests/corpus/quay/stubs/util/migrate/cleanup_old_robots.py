def cleanup_old_robots(*args, **kwargs):
    raise RuntimeError("needs quay's database")
