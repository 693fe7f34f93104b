"""Requests and answers of the caller's mail address, and the operator's view of the mail queue."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.types import OfficeTime

MailStatus = Literal["pending", "sent", "dead"]

ADDRESS = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class MailAddressUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address: str | None = Field(
        max_length=254, pattern=ADDRESS, description="where to mail the caller's notifications; null: stop"
    )


class MailAddressRead(BaseModel):
    sub: str
    address: str | None


class MailRead(BaseModel):
    """One queued mail as an operator sees it (the body is left out)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id: str
    recipient_kind: Literal["unit", "user"]
    recipient: str
    address: str
    subject: str
    status: MailStatus
    attempts: int
    next_attempt_at: OfficeTime
    last_error: str | None
    created_at: OfficeTime
    sent_at: OfficeTime | None
