"""What the docs service publishes (see shared.contracts.docs) and consumes (meeting decisions)."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.docs.models import CalendarYear, IncomingDocument
from services.docs.supervision import service as supervision
from shared import calendar
from shared.auth import Caller
from shared.consumer import ConsumerSpec, Handler
from shared.contracts import IncomingRegistered, envelope_for
from shared.contracts.base import EventData
from shared.contracts.docs import IncomingAssigned, IncomingCompleted, IncomingUrged
from shared.contracts.meetings import DecisionRecorded
from shared.envelope import Envelope
from shared.event_data import read_off


def _told(data: EventData, doc: IncomingDocument, caller: Caller, unit: str | None, at: datetime) -> Envelope:
    return envelope_for(data, subject=doc.id, unit=unit, actor=caller.sub, time=at)


def incoming_registered(doc: IncomingDocument, caller: Caller) -> Envelope:
    title = None if doc.classification != "none" else doc.title
    return _told(read_off(IncomingRegistered, doc, title=title), doc, caller, doc.unit, doc.registered_at)


def incoming_assigned(doc: IncomingDocument, caller: Caller, at: datetime, reassigned: bool) -> Envelope:
    assist_units = list(doc.assist_units or [])
    data = read_off(IncomingAssigned, doc, assist_units=assist_units, assigned_at=at, reassigned=reassigned)
    return _told(data, doc, caller, doc.lead_unit, at)


def incoming_completed(doc: IncomingDocument, caller: Caller, on_time: bool) -> Envelope:
    assert doc.completed_at is not None
    data = read_off(IncomingCompleted, doc, on_time=on_time)
    return _told(data, doc, caller, doc.lead_unit, doc.completed_at)


def incoming_urged(doc: IncomingDocument, caller: Caller, at: datetime) -> Envelope:
    return _told(read_off(IncomingUrged, doc, urged_at=at), doc, caller, doc.lead_unit, at)


def consumers(
    *, holidays_file: Path, subject_root: str = "office", timezone: str = "Asia/Shanghai"
) -> list[ConsumerSpec]:
    """Meeting decisions become supervision items (durable `docs`; a redelivery creates nothing)."""
    zone = ZoneInfo(timezone)

    async def on_decision(session: AsyncSession, envelope: Envelope) -> None:
        workdays = await calendar.load(session, CalendarYear, holidays_file)
        await supervision.record_decision(
            session=session, envelope=envelope, timezone=zone, workdays=workdays
        )

    handlers: dict[str, Handler] = {DecisionRecorded.event_type(subject_root): on_decision}
    return [
        ConsumerSpec(durable="docs", subjects=[DecisionRecorded.subject(subject_root)], handlers=handlers)
    ]
