"""Events the docs service publishes."""

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

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


OutgoingKind = Literal["notice", "request", "report", "letter", "reply", "opinion", "decision", "minutes"]
OutgoingStatus = Literal["draft", "submitted", "returned", "approved", "signed", "dispatched"]
MaterialKind = Literal["minutes", "summary", "speech", "report", "research", "other"]


class OutgoingEvent(EventData):
    """What every outgoing-document event carries: the document, its unit, the business time."""

    service: ClassVar[str] = "docs"
    entity: ClassVar[str] = "outgoing"

    id: str
    kind: OutgoingKind
    issuer_code: str
    drafting_unit: str
    classification: Classification
    urgency: Urgency
    at: datetime  # business time of the action


class OutgoingDrafted(OutgoingEvent):
    """An outgoing document was drafted (拟稿)."""

    action: ClassVar[str] = "drafted"

    title: str | None  # withheld (None) for classified documents
    main_recipients: list[str]
    cc_recipients: list[str]


class OutgoingRevised(OutgoingEvent):
    """A draft (or a returned one) was revised before (re)submission."""

    action: ClassVar[str] = "revised"

    title: str | None  # withheld (None) for classified documents


class OutgoingChecked(OutgoingEvent):
    """The format check (公文格式) ran on a stored draft; its findings are kept with it."""

    action: ClassVar[str] = "checked"

    errors: int
    warnings: int
    codes: list[str]


class OutgoingSubmitted(OutgoingEvent):
    """A draft passed the format check and was submitted for review (送审)."""

    action: ClassVar[str] = "submitted"

    submission: int  # 1 for the first submission, 2 after the first return, ...


class OutgoingReturned(OutgoingEvent):
    """A submitted draft was returned for revision (退回修改); `returned_at` counts it."""

    action: ClassVar[str] = "returned"

    reason: str
    returned_at: datetime
    return_count: int  # returns of this document so far, this one included


class OutgoingApproved(OutgoingEvent):
    """A submitted draft was approved (审核通过) and awaits signing."""

    action: ClassVar[str] = "approved"


class OutgoingSigned(OutgoingEvent):
    """A leader signed the document for issue (签发); it got its document number."""

    action: ClassVar[str] = "signed"

    doc_no: str
    year: int
    number: int
    signed_at: datetime
    signed_by: str


class Recipient(BaseModel):
    """A recipient of a dispatched document: a registry unit (`unit`) or an outside body."""

    model_config = ConfigDict(extra="ignore")

    name: str
    role: Literal["main", "cc"]
    unit: str | None  # the registry code when the recipient is a unit of the department


class OutgoingDispatched(OutgoingEvent):
    """A signed document was dispatched (分发) to its main and copy recipients; `sent` counts it."""

    action: ClassVar[str] = "dispatched"

    doc_no: str
    title: str | None  # withheld (None) for classified documents
    dispatched_at: datetime
    recipients: list[Recipient]
    recipient_units: list[str]  # registry codes among the recipients, main and cc


class MaterialRecorded(EventData):
    """A comprehensive material (综合材料) drafted by the office was recorded."""

    service: ClassVar[str] = "docs"
    entity: ClassVar[str] = "material"
    action: ClassVar[str] = "recorded"

    id: str
    kind: MaterialKind
    title: str
    unit: str
    completed_at: datetime
