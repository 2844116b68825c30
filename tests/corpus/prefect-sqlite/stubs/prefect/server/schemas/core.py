"""Schema names the scripts give to Pydantic(...) columns; their fields do not
matter to the schema (the column is JSON either way)."""
from prefect.server.utilities.schemas import PrefectBaseModel


class Constant(PrefectBaseModel):
    pass


class CreatedBy(PrefectBaseModel):
    pass


class UpdatedBy(PrefectBaseModel):
    pass


class Parameter(PrefectBaseModel):
    pass


class QueueFilter(PrefectBaseModel):
    pass


class TaskRunPolicy(PrefectBaseModel):
    pass


class TaskRunResult(PrefectBaseModel):
    pass


class WorkPoolStorageConfiguration(PrefectBaseModel):
    pass


class ConcurrencyOptions(PrefectBaseModel):
    pass
