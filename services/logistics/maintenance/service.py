"""Rules of maintenance tickets: open → in_progress → resolved, or cancelled before resolved."""

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics.maintenance.schemas import TicketCreate, TicketResolve, TicketStart
from services.logistics.models import Ticket
from services.logistics.service import (
    ANYONE_WHO_WRITES,
    OFFICE,
    get_visible,
    not_before,
    publish,
    require_state,
    unit_for,
    visible,
)
from shared.auth import Caller
from shared.business_time import business_time
from shared.contracts.logistics import (
    TicketCancelled,
    TicketEvent,
    TicketOpened,
    TicketResolved,
    TicketStarted,
)
from shared.ids import new_id
from shared.units import UnitRegistry

LABEL = "报修单"
E = TypeVar("E", bound=TicketEvent)


def _event(kind: type[E], ticket: Ticket, at: datetime, **extra: Any) -> E:
    return kind(id=ticket.id, unit=ticket.unit, at=at, category=ticket.category, **extra)


async def open_ticket(
    *, session: AsyncSession, caller: Caller, units: UnitRegistry, payload: TicketCreate
) -> Ticket:
    """Opens a maintenance ticket (报修)."""
    caller.require(*ANYONE_WHO_WRITES)
    unit = unit_for(caller, units, payload.unit)
    at = business_time(caller, payload.at)
    ticket = Ticket(
        id=new_id(),
        unit=unit,
        category=payload.category,
        location=payload.location,
        description=payload.description,
        status="open",
        opened_by=caller.sub,
        opened_at=at,
    )
    session.add(ticket)
    publish(session, _event(TicketOpened, ticket, at, location=ticket.location), caller)
    return ticket


async def get_ticket(*, session: AsyncSession, caller: Caller, ticket_id: str, lock: bool = False) -> Ticket:
    return await get_visible(session, Ticket, ticket_id, caller, label=LABEL, lock=lock)


async def start_ticket(
    *, session: AsyncSession, caller: Caller, ticket_id: str, payload: TicketStart
) -> Ticket:
    """Assigns a repairer; the ticket is in progress."""
    caller.require(*OFFICE)
    at = business_time(caller, payload.at)
    ticket = await get_ticket(session=session, caller=caller, ticket_id=ticket_id, lock=True)
    require_state(LABEL, ticket.status, ("open",), "派工 start")
    not_before(at, ticket.opened_at)
    ticket.status, ticket.assignee, ticket.started_at = "in_progress", payload.assignee, at
    publish(session, _event(TicketStarted, ticket, at, assignee=payload.assignee), caller)
    return ticket


async def resolve_ticket(
    *, session: AsyncSession, caller: Caller, ticket_id: str, payload: TicketResolve
) -> Ticket:
    """Closes a ticket as repaired; the time to resolve runs from opening."""
    caller.require(*OFFICE)
    at = business_time(caller, payload.at)
    ticket = await get_ticket(session=session, caller=caller, ticket_id=ticket_id, lock=True)
    require_state(LABEL, ticket.status, ("open", "in_progress"), "办结 resolve")
    not_before(at, ticket.started_at or ticket.opened_at)
    minutes = int((at - ticket.opened_at).total_seconds() // 60)
    ticket.status, ticket.resolution, ticket.resolved_at = "resolved", payload.resolution, at
    ticket.resolve_minutes = minutes
    data = _event(TicketResolved, ticket, at, opened_at=ticket.opened_at, resolve_minutes=minutes)
    publish(session, data, caller)
    return ticket


async def cancel_ticket(
    *, session: AsyncSession, caller: Caller, ticket_id: str, at: datetime | None
) -> Ticket:
    """Withdraws a ticket not yet resolved."""
    caller.require(*ANYONE_WHO_WRITES)
    moment = business_time(caller, at)
    ticket = await get_ticket(session=session, caller=caller, ticket_id=ticket_id, lock=True)
    require_state(LABEL, ticket.status, ("open", "in_progress"), "撤销 cancel")
    not_before(moment, ticket.opened_at)
    ticket.status, ticket.cancelled_at = "cancelled", moment
    publish(session, _event(TicketCancelled, ticket, moment), caller)
    return ticket


def list_tickets(
    caller: Caller, *, unit: str | None, status: str | None, category: str | None
) -> Select[Ticket]:
    query = visible(select(Ticket), Ticket.unit, caller)
    if unit is not None:
        query = query.where(Ticket.unit == unit)
    if status is not None:
        query = query.where(Ticket.status == status)
    if category is not None:
        query = query.where(Ticket.category == category)
    return query
