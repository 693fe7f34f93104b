"""Requests and answers of the caller's mail address."""

from pydantic import BaseModel, ConfigDict, Field

ADDRESS = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class MailAddressUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address: str | None = Field(
        max_length=254, pattern=ADDRESS, description="where to mail the caller's notifications; null: stop"
    )


class MailAddressRead(BaseModel):
    sub: str
    address: str | None
