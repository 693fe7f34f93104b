"""The rules of the docs service: plain async functions, keyword-only arguments.

Functions stage their changes (and events) in the session; the route's unit of work
commits them together.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.docs import events
from services.docs.models import Counter, IncomingDocument
from services.docs.schemas import IncomingCreate
from shared.auth import CLEARANCE_ORDER, Caller
from shared.envelope import utcnow
from shared.errors import Forbidden, Invalid, NotFound
from shared.ids import new_id
from shared.outbox import add_event
from shared.units import UnitRegistry
from shared.upsert import increment

REGISTRAR_ROLES = ("staff", "admin", "liaison", "unit")
CLOCK_SKEW = timedelta(days=1)


async def next_number(*, session: AsyncSession, scope: str, year: int) -> int:
    """The next number of a gap-free sequence per scope and year."""
    return await increment(session, Counter, keys={"scope": scope, "year": year}, column="last")


async def register_incoming(
    *,
    session: AsyncSession,
    caller: Caller,
    units: UnitRegistry,
    payload: IncomingCreate,
    timezone: ZoneInfo,
) -> IncomingDocument:
    """Registers a received document under the next registration number of its year."""
    caller.require(*REGISTRAR_ROLES)
    unit = payload.unit or caller.unit
    units.require(unit, "unit")
    if not caller.may_act_for(unit):
        raise Forbidden(f"不能为其他单位登记收文 (cannot register for unit {unit})")
    now = utcnow()
    if payload.received_at > now + CLOCK_SKEW:
        raise Invalid("received_at", "收文时间不能晚于当前时间 (received_at is in the future)")
    year = payload.received_at.astimezone(timezone).year
    number = await next_number(session=session, scope="incoming", year=year)
    doc = IncomingDocument(
        id=new_id(),
        reg_no=f"收〔{year}〕{number}号",
        year=year,
        title=payload.title,
        source_org=payload.source_org,
        source_ref=payload.source_ref,
        channel=payload.channel,
        classification=payload.classification,
        urgency=payload.urgency,
        received_at=payload.received_at,
        unit=unit,
        status="registered",
        registered_by=caller.sub,
        registered_at=payload.at or now,
    )
    session.add(doc)
    add_event(session, events.incoming_registered(doc, caller))
    return doc


def visible_incoming(caller: Caller) -> Select[IncomingDocument]:
    """Documents this caller may see: their unit's (or all, for the office), within clearance."""
    levels = [c for c, rank in CLEARANCE_ORDER.items() if rank <= CLEARANCE_ORDER[caller.clearance]]
    query = select(IncomingDocument).where(IncomingDocument.classification.in_(levels))
    if not caller.acts_for_office and not caller.has("auditor"):
        query = query.where(IncomingDocument.unit == caller.unit)
    return query


async def get_incoming(*, session: AsyncSession, caller: Caller, incoming_id: str) -> IncomingDocument:
    """Gets a document this caller may see, or 404 (never telling that a hidden one exists)."""
    doc = await session.scalar(visible_incoming(caller).where(IncomingDocument.id == incoming_id))
    if doc is None:
        raise NotFound(f"收文 {incoming_id} 不存在或无权查看 (not found)")
    return doc


def filter_incoming(
    query: Select[IncomingDocument],
    *,
    year: int | None,
    status: str | None,
    channel: str | None,
    unit: str | None,
) -> Select[IncomingDocument]:
    """Narrows a list of documents by the portal's filters."""
    if year is not None:
        query = query.where(IncomingDocument.year == year)
    if status is not None:
        query = query.where(IncomingDocument.status == status)
    if channel is not None:
        query = query.where(IncomingDocument.channel == channel)
    if unit is not None:
        query = query.where(IncomingDocument.unit == unit)
    return query
