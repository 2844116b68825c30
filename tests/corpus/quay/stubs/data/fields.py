from peewee import CharField, Field  # noqa: F401


class DecryptedValue:
    def __init__(self, value):
        self.value = value


class Credential:
    pass


class CredentialField(Field):
    pass


class EncryptedCharField(Field):
    pass


class EncryptedTextField(Field):
    pass


class EnumField(Field):
    pass
