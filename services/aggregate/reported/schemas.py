"""Requests and answers of the reported figures."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, StringConstraints

from services.aggregate.reported.catalogue import ValueKind
from shared.bounds import Code, line
from shared.text import PRINTABLE
from shared.types import OfficeTime

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500, pattern=PRINTABLE)]


class ReportedMetricRead(BaseModel):
    metric: str
    name: str
    measure: str
    kind: ValueKind
    per_unit: bool


class ReportedPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metric: Annotated[str, line(80)]
    value: StrictInt | StrictFloat | Annotated[StrictStr, line(40, min_length=0)] = Field(
        description="a whole number (人/次/天) or yuan, two decimals at most"
    )
    unit: Code | None = Field(None, description="unit code; the whole department when null")
    note: Note | None = Field(None, description="why, or where the figure comes from")


class ReportedRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    year: int
    metric: str
    name: str
    measure: str
    unit: str | None
    value: str
    note: str | None
    entered_by: str
    entered_at: OfficeTime


class ReportedYear(BaseModel):
    year: int
    items: list[ReportedRead]
