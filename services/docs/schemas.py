"""Requests and answers of the docs service."""

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from shared.contracts.docs import Channel, Classification, Urgency

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class IncomingCreate(BaseModel):
    """Registration of a received document (收文登记)."""

    model_config = ConfigDict(extra="forbid")

    title: Text200
    source_org: Text100 = Field(description="来文单位")
    source_ref: Text100 | None = Field(None, description="来文字号")
    channel: Channel
    classification: Classification = "none"
    urgency: Urgency = "normal"
    received_at: AwareDatetime = Field(description="收文时间, ISO 8601 with offset")
    unit: str | None = Field(None, description="receiving unit code; default the caller's unit")
    at: AwareDatetime | None = Field(None, description="business time of the action; default now")


class IncomingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    reg_no: str
    title: str
    source_org: str
    source_ref: str | None
    channel: Channel
    classification: Classification
    urgency: Urgency
    received_at: datetime
    unit: str
    status: str
    registered_by: str
    registered_at: datetime
