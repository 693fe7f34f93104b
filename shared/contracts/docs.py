"""Events the docs service publishes."""

from datetime import datetime
from typing import ClassVar, Literal

from shared.contracts.base import EventData

Channel = Literal["oa", "intranet", "paper", "email", "courier"]
Classification = Literal["none", "secret", "confidential", "top_secret"]
Urgency = Literal["normal", "urgent", "very_urgent"]


class IncomingRegistered(EventData):
    """A received document was registered (收文登记)."""

    service: ClassVar[str] = "docs"
    entity: ClassVar[str] = "incoming"
    action: ClassVar[str] = "registered"

    id: str
    reg_no: str
    title: str | None  # withheld (None) for classified documents
    source_org: str
    source_ref: str | None = None
    channel: Channel
    classification: Classification
    urgency: Urgency
    received_at: datetime
    unit: str
