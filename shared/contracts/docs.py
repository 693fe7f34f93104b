"""Events the docs service publishes."""

from datetime import date, datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

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
MaterialKind = Literal["minutes", "summary", "speech", "report", "research", "regulation", "other"]
# regulation: a rule of the department revised or made (修订完善制度), counted apart from 综合材料


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
    fields: list[str] = Field(
        default_factory=list
    )  # the field each finding concerns, beside `codes` (absent from older events)
    by_code: dict[str, int] = Field(default_factory=dict)  # this check's findings, by rule code
    # by kind (the part of the document: title, doc_no, body, page, text, header, footer, ...):
    new_by_kind: dict[str, int] = Field(default_factory=dict)  # not found by the previous check
    fixed_by_kind: dict[str, int] = Field(default_factory=dict)  # the previous check's, now gone
    layout: bool = False  # the draft's .docx was checked too (LAYOUT_* codes)


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
    group_units: list[str] = Field(
        default_factory=list
    )  # the registry codes a group (各处室, 各市局, ...) stands for (absent from older events)


class OutgoingDispatched(OutgoingEvent):
    """A signed document was dispatched (分发) to its main and copy recipients; `sent` counts it."""

    action: ClassVar[str] = "dispatched"

    doc_no: str
    title: str | None  # withheld (None) for classified documents
    dispatched_at: datetime
    recipients: list[Recipient]
    recipient_units: list[str]  # registry codes among the recipients, main and cc, groups resolved


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


SupervisionSource = Literal["instruction", "meeting", "document", "rectification", "public_opinion"]
# rectification: a problem found to be put right (问题整改); public_opinion: a public opinion or
# suggestion from the social assessment (社会评价群众意见建议)


class SupervisionEvent(EventData):
    """What every supervision event (督办) carries: the item and the unit it is assigned to."""

    service: ClassVar[str] = "docs"
    entity: ClassVar[str] = "supervision"

    id: str
    assignee_unit: str


class SupervisionCreated(SupervisionEvent):
    """An item entered the supervision ledger (督办台账); counted by `created_at`."""

    action: ClassVar[str] = "created"

    title: str
    source: SupervisionSource
    source_ref: str | None
    due: date  # as given (or N working days from assignment)
    deadline: date  # `due`, moved to the next working day when it falls on a rest day
    created_at: datetime  # business time of the assignment
    decision_id: str | None = None  # the meeting decision it came from


class SupervisionProgressed(SupervisionEvent):
    """The assignee unit reported progress (进展) on an item."""

    action: ClassVar[str] = "progressed"

    note: str
    progressed_at: datetime
    progress_count: int


class SupervisionUrged(SupervisionEvent):
    """The office urged (催办) the assignee unit; every urge is counted."""

    action: ClassVar[str] = "urged"

    urged_at: datetime
    urge_count: int
    overdue: bool


class SupervisionCompleted(SupervisionEvent):
    """An item was completed (办结); counted by `completed_at`, `on_time` against its deadline."""

    action: ClassVar[str] = "completed"

    completed_at: datetime
    on_time: bool
    deadline: date
    source: SupervisionSource | None = None  # absent from events published before it was added


class SupervisionOverdue(SupervisionEvent):
    """An item's deadline passed unfinished (超期); published once per item, counted by `overdue_at`."""

    action: ClassVar[str] = "overdue"

    due: date
    deadline: date
    overdue_at: datetime  # the start of the first day after the deadline


class SupervisionNoticeRow(BaseModel):
    """One unit's line in the monthly notice (月通报), as at the end of the month."""

    unit: str
    created: int  # items assigned during the month
    done: int  # items completed during the month
    done_late: int  # of `done`, completed after their deadline
    open: int  # items not completed at the end of the month
    overdue: int  # of `open`, past their deadline at the end of the month


class SupervisionNoticePublished(EventData):
    """The monthly supervision notice (督办月通报) was published to every unit listed."""

    service: ClassVar[str] = "docs"
    entity: ClassVar[str] = "supervision_notice"
    action: ClassVar[str] = "published"

    id: str
    year: int
    month: int
    published_at: datetime
    rows: list[SupervisionNoticeRow]
    recipient_units: list[str] = Field(
        default_factory=list
    )  # the units it is sent to: those its rows list (absent from older events)


IncomingStatus = Literal["registered", "assigned", "completed"]


class IncomingAssigned(EventData):
    """A received document was assigned (传办) to a lead unit and assisting units, with a due date."""

    service: ClassVar[str] = "docs"
    entity: ClassVar[str] = "incoming"
    action: ClassVar[str] = "assigned"

    id: str
    reg_no: str
    classification: Classification
    lead_unit: str
    assist_units: list[str]
    due: date
    assigned_at: datetime
    reassigned: bool


class IncomingCompleted(EventData):
    """A received document's handling was completed (办结)."""

    service: ClassVar[str] = "docs"
    entity: ClassVar[str] = "incoming"
    action: ClassVar[str] = "completed"

    id: str
    reg_no: str
    classification: Classification
    lead_unit: str
    due: date
    completed_at: datetime
    on_time: bool


class IncomingUrged(EventData):
    """A late received document was urged (催办) at its lead unit."""

    service: ClassVar[str] = "docs"
    entity: ClassVar[str] = "incoming"
    action: ClassVar[str] = "urged"

    id: str
    reg_no: str
    classification: Classification
    lead_unit: str
    due: date
    urged_at: datetime
    urge_count: int
