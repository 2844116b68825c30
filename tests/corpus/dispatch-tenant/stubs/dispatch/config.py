from starlette.config import Config
from starlette.datastructures import Secret

config = Config(".env")

DISPATCH_ENCRYPTION_KEY = config("DISPATCH_ENCRYPTION_KEY", cast=Secret, default="corpus-encryption-key")
