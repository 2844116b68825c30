import uuid

from peewee import CharField, Field, ForeignKeyField, IntegerField, Model  # noqa: F401


class BaseModel(Model):
    pass


class JSONField(Field):
    pass


class QuayUserField(ForeignKeyField):
    pass


class Repository(BaseModel):
    pass


class RepoMirrorRule(BaseModel):
    pass


class RepoMirrorStatus:
    NEVER_RUN = -2
    SUCCESS = 1
    FAIL = -1
    SYNCING = 2
    SYNC_NOW = 3
    CANCEL = 4


class RepoMirrorType:
    PULL = 1


class User(BaseModel):
    pass


class Role(BaseModel):
    pass


class FederatedLogin(BaseModel):
    pass


class RobotAccountToken(BaseModel):
    pass


class AccessTokenKind(BaseModel):
    pass


class BuildTriggerService(BaseModel):
    pass


class DisableReason(BaseModel):
    pass


def uuid_generator():
    return str(uuid.uuid4())


def random_string_generator(length=16):
    return lambda: uuid.uuid4().hex[:length]
