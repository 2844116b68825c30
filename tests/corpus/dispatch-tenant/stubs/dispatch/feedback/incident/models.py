class Feedback:
    """dispatch's ORM model; the revision queries it through a session."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("dispatch's Feedback model needs its database session")
