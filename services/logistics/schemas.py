"""Types the logistics requests and answers share."""

from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints

from shared.business_time import At
from shared.schemas import RequestModel

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


BusinessTime = At


class Action(RequestModel):
    """A state-changing request: nothing but the optional business time."""

    at: BusinessTime = None
