class DecryptionFailureException(Exception):
    pass


class FieldEncrypter:
    def __init__(self, *args, **kwargs):
        pass
