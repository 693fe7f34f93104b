"""The rules of the docs service: plain async functions, keyword-only arguments.

Functions stage their changes (and events) in the session; the route's unit of work
commits them together.
"""

from datetime import date

from sqlalchemy import ColumnElement, Select, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from services.docs import events
from services.docs.models import Counter, IncomingAssignee, IncomingDocument
from services.docs.schemas import IncomingAction, IncomingAssign, IncomingCreate, IncomingFilters
from services.docs.supervision import calendar
from shared.auth import CLEARANCE_ORDER, Caller
from shared.business_time import not_in_future
from shared.calendar import OfficeCalendar
from shared.command import Command, Inquiry
from shared.errors import Conflict, Forbidden, Invalid
from shared.ids import new_id
from shared.numbering import NumberForm, Series, add_numbered
from shared.outbox import add_event
from shared.query import narrowed, one_visible, text_search
from shared.text import chinese_date
from shared.upsert import increment

REGISTRAR_ROLES = ("staff", "admin", "liaison", "unit")
ASSIGNER_ROLES = ("staff", "admin")
COMPLETER_ROLES = ("staff", "admin", "liaison", "unit")


async def next_number(*, session: AsyncSession, scope: str, year: int) -> int:
    """The next number of a gap-free sequence per scope and year."""
    return await increment(session, Counter, keys={"scope": scope, "year": year}, column="last")


def require_cleared(caller: Caller, classification: str) -> None:
    """Nobody writes a classification above their own clearance (收文 and 发文 alike): 403."""
    if not caller.cleared_for(classification):
        raise Forbidden("密级高于本人涉密等级，不能登记或拟制该公文 (classification above your clearance)")


async def register_incoming(cmd: Command, payload: IncomingCreate) -> IncomingDocument:
    """Registers a received document under the next registration number of its year."""
    cmd.caller.require(*REGISTRAR_ROLES)
    unit = cmd.acting_unit(payload.unit, "不能为其他单位登记收文 (cannot register for unit {unit})")
    require_cleared(cmd.caller, payload.classification)
    not_in_future("received_at", payload.received_at, "收文时间不能晚于当前时间")
    registered_at = cmd.at(payload.at)
    year = payload.received_at.astimezone(cmd.timezone).year
    doc = IncomingDocument(
        **payload.model_dump(exclude={"unit", "at"}),
        id=new_id(),
        year=year,
        unit=unit,
        status="registered",
        registered_by=cmd.caller.sub,
        registered_at=registered_at,
        urge_count=0,
    )
    await add_numbered(
        cmd.session,
        doc,
        column="reg_no",
        series=Series(Counter, {"scope": "incoming", "year": year}),
        form=NumberForm(f"收〔{year}〕", "号"),
        told=lambda: events.incoming_registered(doc, cmd.caller),
        alone=cmd.alone,
    )
    return doc


def cleared(caller: Caller, classification: InstrumentedAttribute[str]) -> ColumnElement[bool]:
    """Rows classified no higher than the caller's clearance (涉密等级)."""
    levels = [c for c, rank in CLEARANCE_ORDER.items() if rank <= CLEARANCE_ORDER[caller.clearance]]
    return classification.in_(levels)


def _assigned_to(unit: str) -> Select[str]:
    return select(IncomingAssignee.incoming_id).where(IncomingAssignee.unit == unit)


def visible_incoming(caller: Caller) -> Select[IncomingDocument]:
    """Documents this caller may see, within clearance: all for the office; for a unit caller,
    those its unit registered or is assigned to (lead or assisting)."""
    query = select(IncomingDocument).where(cleared(caller, IncomingDocument.classification))
    if not caller.sees_every_unit:
        query = query.where(
            or_(IncomingDocument.unit == caller.unit, IncomingDocument.id.in_(_assigned_to(caller.unit)))
        )
    return query


async def get_incoming(*, session: AsyncSession, caller: Caller, incoming_id: str) -> IncomingDocument:
    """Gets a document this caller may see, or 404 (never telling that a hidden one exists)."""
    query = visible_incoming(caller).where(IncomingDocument.id == incoming_id)
    return await one_visible(session, query, "收文", incoming_id)


def incoming_list(
    ask: Inquiry, filters: IncomingFilters, workdays: OfficeCalendar | None
) -> Select[IncomingDocument]:
    """What `GET /incoming` lists: the documents the caller may see, by its filters (`overdue`
    counts in `workdays`, the office's calendar)."""
    overdue_by = workdays.last_workday_before(ask.today()) if workdays is not None else None
    visible = visible_incoming(ask.caller)
    return filter_incoming(visible, **filters.model_dump(), overdue_by=overdue_by)


def filter_incoming(
    query: Select[IncomingDocument],
    *,
    year: int | None,
    status: str | None,
    channel: str | None,
    unit: str | None,
    q: str | None = None,
    overdue: bool | None = None,
    overdue_by: date | None = None,
) -> Select[IncomingDocument]:
    """Narrows a list of documents by the portal's filters; `unit` matches the registering unit
    and the lead and assisting units, `q` a text in the title, sender, registration number or
    the sender's reference; `overdue` documents in handling due on or before `overdue_by`."""
    filters = (IncomingDocument.year, year), (IncomingDocument.status, status)
    query = narrowed(query, *filters, (IncomingDocument.channel, channel))
    if unit is not None:
        query = query.where(or_(IncomingDocument.unit == unit, IncomingDocument.id.in_(_assigned_to(unit))))
    if q:
        columns = (IncomingDocument.title, IncomingDocument.source_org, IncomingDocument.reg_no)
        query = query.where(text_search(q, *columns, IncomingDocument.source_ref))
    if overdue_by is not None:
        late = (IncomingDocument.status == "assigned") & (IncomingDocument.due <= overdue_by)
        query = query.where(late if overdue else ~late)
    return query


async def _for_change(cmd: Command, incoming_id: str) -> IncomingDocument:
    """A document the caller may see, locked for the change; 404 otherwise."""
    query = visible_incoming(cmd.caller).where(IncomingDocument.id == incoming_id)
    return await one_visible(cmd.session, query, "收文", incoming_id, lock=True)


async def _in_handling(cmd: Command, incoming_id: str, roles: tuple[str, ...], only: str) -> IncomingDocument:
    """An assigned document, locked for a step of its handling (403 for other roles; 409 with
    `only` in any other state)."""
    cmd.caller.require(*roles)
    doc = await _for_change(cmd, incoming_id)
    if doc.status != "assigned":
        raise Conflict(f"该收文状态为 {doc.status}，{only} (only an assigned document)")
    return doc


async def assign_incoming(cmd: Command, incoming_id: str, payload: IncomingAssign) -> IncomingDocument:
    """Assigns (传办) to a lead unit and assisting units; may be re-assigned until completed."""
    cmd.caller.require(*ASSIGNER_ROLES)
    cmd.units.require(payload.lead_unit, "lead_unit")
    for index, code in enumerate(payload.assist_units):
        cmd.units.require(code, f"assist_units.{index}")
    if payload.lead_unit in payload.assist_units:
        raise Invalid("assist_units", "主办单位不能同时为协办单位 (the lead unit cannot also assist)")
    if len(set(payload.assist_units)) != len(payload.assist_units):
        raise Invalid("assist_units", "协办单位重复 (an assisting unit is listed twice)")
    doc = await _for_change(cmd, incoming_id)
    if doc.status == "completed":
        raise Conflict("该收文已办结，不能再传办 (document already completed)")
    at = cmd.at(payload.at)
    if at < doc.received_at:
        raise Invalid("at", "传办时间不能早于收文时间 (assigned before it was received)")
    if payload.due < calendar.local_day(at, cmd.timezone):
        raise Invalid("due", "办理期限不能早于传办日期 (due is before the day of assignment)")
    reassigned = doc.status == "assigned"
    await cmd.session.execute(delete(IncomingAssignee).where(IncomingAssignee.incoming_id == doc.id))
    cmd.session.add(IncomingAssignee(incoming_id=doc.id, unit=payload.lead_unit, role="lead"))
    for code in payload.assist_units:
        cmd.session.add(IncomingAssignee(incoming_id=doc.id, unit=code, role="assist"))
    doc.lead_unit = payload.lead_unit
    doc.assist_units = list(payload.assist_units)
    doc.due = payload.due
    doc.assigned_by = cmd.caller.sub
    doc.assigned_at = at
    doc.status = "assigned"
    await add_event(cmd.session, events.incoming_assigned(doc, cmd.caller, at, reassigned))
    return doc


async def complete_incoming(
    cmd: Command, incoming_id: str, payload: IncomingAction, workdays: OfficeCalendar
) -> IncomingDocument:
    """Completes the handling (办结): the lead unit, or the office."""
    doc = await _in_handling(cmd, incoming_id, COMPLETER_ROLES, "只有已传办的收文可以办结")
    assert doc.lead_unit is not None and doc.due is not None and doc.assigned_at is not None
    if not cmd.caller.may_act_for(doc.lead_unit):
        raise Forbidden(f"只有主办单位 {doc.lead_unit} 或办公室可以办结 (only the lead unit may complete)")
    at = cmd.at(payload.at)
    if at < doc.assigned_at:
        raise Invalid("at", "办结时间不能早于传办时间 (completed before it was assigned)")
    doc.status = "completed"
    doc.completed_at = at
    on_time = not calendar.is_overdue(workdays.next_workday(doc.due), at, cmd.timezone)
    await add_event(cmd.session, events.incoming_completed(doc, cmd.caller, on_time))
    return doc


async def urge_incoming(
    cmd: Command, incoming_id: str, payload: IncomingAction, workdays: OfficeCalendar
) -> IncomingDocument:
    """Urges (催办) the lead unit of an assigned document that is past its due date."""
    doc = await _in_handling(cmd, incoming_id, ASSIGNER_ROLES, "只有办理中的收文可以催办")
    assert doc.due is not None
    at = cmd.at(payload.at)
    if not calendar.is_overdue(workdays.next_workday(doc.due), at, cmd.timezone):
        raise Conflict(f"尚未超过办理期限{chinese_date(doc.due)}，无需催办 (not late yet)")
    doc.urge_count += 1
    doc.last_urged_at = at
    await add_event(cmd.session, events.incoming_urged(doc, cmd.caller, at))
    return doc
