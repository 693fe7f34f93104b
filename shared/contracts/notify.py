"""Events the notify service publishes (what it republishes on `units.>` are other services' events)."""

from datetime import date, datetime
from typing import ClassVar, Literal

from shared.contracts.base import EventData


class DeliveryDeadLettered(EventData):
    """A webhook delivery kept failing and was put on the dead-letter list (an operator may retry it)."""

    service: ClassVar[str] = "notify"
    entity: ClassVar[str] = "delivery"
    action: ClassVar[str] = "dead_lettered"

    id: int  # the delivery
    webhook_id: int
    unit: str
    url: str
    event_id: str  # the event that was not delivered
    undelivered_type: str  # the type of that event
    attempts: int
    last_status: int | None = None
    last_error: str | None = None


class MailDeadLettered(EventData):
    """A mail kept failing and was given up (an operator may send it again); never mailed itself."""

    service: ClassVar[str] = "notify"
    entity: ClassVar[str] = "mail"
    action: ClassVar[str] = "dead_lettered"

    id: int  # the mail
    address: str
    unit: str | None  # the unit it was for, or
    person: str | None  # the person (`sub`) it was for
    event_id: str  # the notification's event
    mail_subject: str
    attempts: int
    last_error: str | None = None


ReminderRecord = Literal["incoming", "supervision", "decision", "meeting"]


class ReminderSent(EventData):
    """A reminder went out: a due date coming (交办, 督办, 决定事项), an item overdue, a meeting soon."""

    service: ClassVar[str] = "notify"
    entity: ClassVar[str] = "reminder"
    action: ClassVar[str] = "sent"

    id: int  # the reminder
    record_kind: ReminderRecord
    record_id: str
    kind: str  # before_3d, before_1h, overdue
    overdue: bool
    title: str  # what the reminder says
    due: str  # the due date, or the meeting's start, office-local
    units: list[str]  # the units it is for
    users: list[str]  # the people it is for
    sent_at: datetime


class TodoDigested(EventData):
    """The morning digest of a unit's to-do list (每日待办) went out, once per working day and unit."""

    service: ClassVar[str] = "notify"
    entity: ClassVar[str] = "todo"
    action: ClassVar[str] = "digested"

    id: str  # <day>:<unit>
    day: date
    unit: str
    open: int  # open items
    due_today: int  # of them, due today
    overdue: int  # of them, past their due date
    items: list[str]  # the first open items, each with its due date
    summary: str  # the items in one line (the notification's title)
    sent_at: datetime
