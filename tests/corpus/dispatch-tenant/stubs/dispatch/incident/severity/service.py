def create(*args, **kwargs):
    raise RuntimeError("dispatch's incident severity service needs its database session")
