"""Stand-in for the pydantic 2 names dispatch's scripts use. Debian's
python3 has pydantic 1.10, which lacks StringConstraints and ConfigDict;
this stand-in is the project's own, so the other projects keep the real
package. The models only declare; validating one needs the session's rows."""


class ValidationError(ValueError):
    pass


class SecretStr:
    def __init__(self, value):
        self._secret_value = value

    def get_secret_value(self):
        return self._secret_value


class _FieldInfo:
    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs


def Field(*args, **kwargs):
    return _FieldInfo(*args, **kwargs)


class StringConstraints(_FieldInfo):
    pass


def ConfigDict(**kwargs):
    return dict(kwargs)


class BaseModel:
    def __init__(self, **data):
        raise RuntimeError("the corpus does not validate dispatch's pydantic models")
