"""Rules of maintenance tickets: open → in_progress → resolved, or cancelled before resolved."""

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics.maintenance.schemas import TicketCreate, TicketFilters, TicketResolve, TicketStart
from services.logistics.models import Ticket
from services.logistics.schemas import Action
from services.logistics.service import (
    ANYONE_WHO_WRITES,
    OFFICE,
    announce,
    for_change,
    get_visible,
    not_before,
    unit_for,
)
from shared.auth import Caller
from shared.command import Command
from shared.contracts.logistics import (
    TicketCancelled,
    TicketOpened,
    TicketResolved,
    TicketStarted,
)
from shared.event_data import read_off
from shared.ids import new_id
from shared.query import narrowed, of_own_unit

LABEL = "报修单"


async def open_ticket(cmd: Command, payload: TicketCreate) -> Ticket:
    """Opens a maintenance ticket (报修)."""
    cmd.caller.require(*ANYONE_WHO_WRITES)
    unit = unit_for(cmd, payload.unit)
    at = cmd.at(payload.at)
    ticket = Ticket(
        id=new_id(),
        **payload.model_dump(exclude={"unit", "at"}),
        unit=unit,
        status="open",
        opened_by=cmd.caller.sub,
        opened_at=at,
    )
    cmd.session.add(ticket)
    await announce(cmd, read_off(TicketOpened, ticket, at=at))
    return ticket


async def get_ticket(session: AsyncSession, caller: Caller, ticket_id: str, *, lock: bool = False) -> Ticket:
    return await get_visible(session, Ticket, ticket_id, caller, label=LABEL, lock=lock)


async def start_ticket(cmd: Command, ticket_id: str, payload: TicketStart) -> Ticket:
    """Assigns a repairer; the ticket is in progress."""
    cmd.caller.require(*OFFICE)
    at = cmd.at(payload.at)
    ticket = await for_change(cmd, Ticket, ticket_id, ("open",), "派工 start", label=LABEL)
    not_before(at, ticket.opened_at)
    ticket.status, ticket.assignee, ticket.started_at = "in_progress", payload.assignee, at
    await announce(cmd, read_off(TicketStarted, ticket, at=at))
    return ticket


async def resolve_ticket(cmd: Command, ticket_id: str, payload: TicketResolve) -> Ticket:
    """Closes a ticket as repaired; the time to resolve runs from opening."""
    cmd.caller.require(*OFFICE)
    at = cmd.at(payload.at)
    ticket = await for_change(cmd, Ticket, ticket_id, ("open", "in_progress"), "办结 resolve", label=LABEL)
    not_before(at, ticket.started_at or ticket.opened_at)
    minutes = int((at - ticket.opened_at).total_seconds() // 60)
    ticket.status, ticket.resolution, ticket.resolved_at = "resolved", payload.resolution, at
    ticket.resolve_minutes = minutes
    await announce(cmd, read_off(TicketResolved, ticket, at=at))
    return ticket


async def cancel_ticket(cmd: Command, ticket_id: str, payload: Action) -> Ticket:
    """Withdraws a ticket not yet resolved."""
    cmd.caller.require(*ANYONE_WHO_WRITES)
    at = cmd.at(payload.at)
    ticket = await for_change(cmd, Ticket, ticket_id, ("open", "in_progress"), "撤销 cancel", label=LABEL)
    not_before(at, ticket.opened_at)
    ticket.status, ticket.cancelled_at = "cancelled", at
    await announce(cmd, read_off(TicketCancelled, ticket, at=at))
    return ticket


def list_tickets(caller: Caller, filters: TicketFilters) -> Select[Ticket]:
    query = of_own_unit(caller, select(Ticket), Ticket.unit)
    return narrowed(
        query,
        (Ticket.unit, filters.unit),
        (Ticket.status, filters.status),
        (Ticket.category, filters.category),
    )
