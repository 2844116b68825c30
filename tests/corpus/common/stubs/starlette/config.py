class Config:
    """starlette's Config, on an empty environment: a setting is its default,
    cast (the corpus runs with no .env file and none of the app's settings)."""

    _missing = object()

    def __init__(self, env_file=None):
        self.env_file = env_file

    def __call__(self, key, cast=None, default=_missing):
        if default is Config._missing:
            raise KeyError("Config '%s' is missing, and has no default." % key)
        if cast is None or default is None:
            return default
        return cast(default)
