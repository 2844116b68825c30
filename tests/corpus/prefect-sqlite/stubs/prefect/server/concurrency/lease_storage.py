"""prefect's lease storage, as the V1-to-V2 concurrency migration asks for it:
a store that takes no leases (the corpus's databases have no active slots)."""


class ConcurrencyLimitLeaseMetadata:
    def __init__(self, **fields):
        self.__dict__.update(fields)


class _LeaseStorage:
    async def create_lease(self, **kwargs):
        raise RuntimeError("prefect's lease storage is not available outside prefect")


def get_concurrency_lease_storage():
    return _LeaseStorage()
