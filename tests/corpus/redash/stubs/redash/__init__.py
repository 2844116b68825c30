"""Stand-ins for the redash names the corpus scripts import (corpus/README.md)."""


class _Settings:
    DATASOURCE_SECRET_KEY = "corpus-secret"


settings = _Settings()


class _Redis:
    """Redis is not reachable from the corpus; the revision that trims its
    keys (e5c7a4e2df4d) fails here as it would without a server."""

    def __getattr__(self, name):
        raise RuntimeError("no Redis server for the corpus")


redis_connection = _Redis()
