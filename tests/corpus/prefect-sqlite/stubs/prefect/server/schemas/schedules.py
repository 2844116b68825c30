from prefect.server.utilities.schemas import PrefectBaseModel


class _Schedule(PrefectBaseModel):
    pass


SCHEDULE_TYPES = _Schedule
