def verify_uuid_uniqueness(*args, **kwargs):
    raise RuntimeError("verify_uuid_uniqueness needs the AiiDA storage")
