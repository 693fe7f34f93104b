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
from shared.contracts.docs import IncomingAssigned, IncomingCompleted, IncomingUrged
from shared.contracts.meetings import DecisionRecorded
from shared.envelope import Envelope


def incoming_registered(doc: IncomingDocument, caller: Caller) -> Envelope:
    data = IncomingRegistered(
        id=doc.id,
        reg_no=doc.reg_no,
        title=None if doc.classification != "none" else doc.title,
        source_org=doc.source_org,
        source_ref=doc.source_ref,
        channel=doc.channel,
        classification=doc.classification,
        urgency=doc.urgency,
        received_at=doc.received_at,
        unit=doc.unit,
    )
    return envelope_for(data, subject=doc.id, unit=doc.unit, actor=caller.sub, time=doc.registered_at)


def incoming_assigned(doc: IncomingDocument, caller: Caller, at: datetime, reassigned: bool) -> Envelope:
    assert doc.lead_unit is not None and doc.due is not None
    data = IncomingAssigned(
        id=doc.id,
        reg_no=doc.reg_no,
        classification=doc.classification,
        lead_unit=doc.lead_unit,
        assist_units=list(doc.assist_units or []),
        due=doc.due,
        assigned_at=at,
        reassigned=reassigned,
    )
    return envelope_for(data, subject=doc.id, unit=doc.lead_unit, actor=caller.sub, time=at)


def incoming_completed(doc: IncomingDocument, caller: Caller, on_time: bool) -> Envelope:
    assert doc.lead_unit is not None and doc.due is not None and doc.completed_at is not None
    data = IncomingCompleted(
        id=doc.id,
        reg_no=doc.reg_no,
        classification=doc.classification,
        lead_unit=doc.lead_unit,
        due=doc.due,
        completed_at=doc.completed_at,
        on_time=on_time,
    )
    return envelope_for(data, subject=doc.id, unit=doc.lead_unit, actor=caller.sub, time=doc.completed_at)


def incoming_urged(doc: IncomingDocument, caller: Caller, at: datetime) -> Envelope:
    assert doc.lead_unit is not None and doc.due is not None
    data = IncomingUrged(
        id=doc.id,
        reg_no=doc.reg_no,
        classification=doc.classification,
        lead_unit=doc.lead_unit,
        due=doc.due,
        urged_at=at,
        urge_count=doc.urge_count,
    )
    return envelope_for(data, subject=doc.id, unit=doc.lead_unit, actor=caller.sub, time=at)


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
