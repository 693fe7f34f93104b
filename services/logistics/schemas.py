"""Types the logistics requests and answers share."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

FIRST_YEAR, LAST_YEAR = 2000, 2100

Text10 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10)]
Text20 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
Text50 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text500 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Text2000 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
UnitCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
Money = Annotated[Decimal, Field(ge=0, le=Decimal("999999999.99"), max_digits=11, decimal_places=2)]
Count = Annotated[int, Field(ge=1, le=100_000)]


def _within_the_calendar(moment: datetime) -> datetime:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"时间须在{FIRST_YEAR}年至{LAST_YEAR}年之间 (time out of range)")
    return moment


Moment = Annotated[AwareDatetime, AfterValidator(_within_the_calendar)]
BusinessTime = Annotated[
    Moment | None, Field(None, description="business time of the action (default now), with offset")
]


class Action(BaseModel):
    """A state-changing request: nothing but the optional business time."""

    model_config = ConfigDict(extra="forbid")

    at: BusinessTime = None
