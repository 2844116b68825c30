from prefect.server.utilities.schemas import PrefectBaseModel


class ServerActionTypes(PrefectBaseModel):
    pass
