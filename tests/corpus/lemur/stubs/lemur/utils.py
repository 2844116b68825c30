from sqlalchemy import types


class Vault(types.TypeDecorator):
    """lemur's encrypting column type: binary underneath (values pass
    through unencrypted here)."""

    impl = types.LargeBinary
    cache_ok = True
