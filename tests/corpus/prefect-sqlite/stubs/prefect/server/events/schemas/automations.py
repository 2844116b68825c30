from prefect.server.utilities.schemas import PrefectBaseModel


class Firing(PrefectBaseModel):
    pass


class ServerTriggerTypes(PrefectBaseModel):
    pass
