from pydantic import BaseModel


class PrefectBaseModel(BaseModel):
    pass
