"""Types the logistics requests and answers share."""

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from shared.business_time import At
from shared.schemas import RequestModel

Money = Annotated[Decimal, Field(ge=0, le=Decimal("999999999.99"), max_digits=11, decimal_places=2)]
Count = Annotated[int, Field(ge=1, le=100_000)]


BusinessTime = At


class Action(RequestModel):
    """A state-changing request: nothing but the optional business time."""

    at: BusinessTime = None
