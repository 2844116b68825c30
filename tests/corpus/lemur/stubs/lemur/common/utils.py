def get_key_type_from_certificate(body):
    """Reached only for certificates stored in an existing database."""
    raise RuntimeError("lemur's certificate parsing is not available outside lemur")
