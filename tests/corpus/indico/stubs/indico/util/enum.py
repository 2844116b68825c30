from enum import Enum


class IndicoIntEnum(int, Enum):
    pass
