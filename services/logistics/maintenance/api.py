"""Routes of maintenance tickets (报修)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.logistics.maintenance import service
from services.logistics.maintenance.schemas import (
    TicketCreate,
    TicketFilters,
    TicketRead,
    TicketResolve,
    TicketStart,
)
from services.logistics.models import Ticket
from services.logistics.schemas import Action
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(prefix="/maintenance", tags=["maintenance"])


@router.post("/tickets", status_code=201, response_model=TicketRead)
async def open_ticket(payload: TicketCreate, cmd: Cmd) -> Any:
    """Opens a ticket (报修: water, power, doors_windows, drains, other)."""
    return await cmd.answer(service.open_ticket(cmd, payload), TicketRead)


@router.get("/tickets")
async def list_tickets(
    ask: Ask, paging: Paging, filters: Annotated[TicketFilters, Query()]
) -> Page[TicketRead]:
    """Tickets the caller may see, oldest first."""
    query = service.list_tickets(ask.caller, filters)
    return await ask.page(query, key=Ticket.id, read=TicketRead, paging=paging)


@router.get("/tickets/{ticket_id}")
async def get_ticket(ticket_id: IdPath, ask: Ask) -> TicketRead:
    """One ticket."""
    return TicketRead.model_validate(await service.get_ticket(ask.session, ask.caller, ticket_id))


@router.post("/tickets/{ticket_id}/start", response_model=TicketRead)
async def start_ticket(ticket_id: IdPath, payload: TicketStart, cmd: Cmd) -> Any:
    """Assigns a repairer (派工); 409 unless open."""
    return await cmd.answer(service.start_ticket(cmd, ticket_id, payload), TicketRead)


@router.post("/tickets/{ticket_id}/resolve", response_model=TicketRead)
async def resolve_ticket(ticket_id: IdPath, payload: TicketResolve, cmd: Cmd) -> Any:
    """Closes the ticket as repaired (办结), with the time it took; 409 if closed already."""
    return await cmd.answer(service.resolve_ticket(cmd, ticket_id, payload), TicketRead)


@router.post("/tickets/{ticket_id}/cancel", response_model=TicketRead)
async def cancel_ticket(ticket_id: IdPath, payload: Action, cmd: Cmd) -> Any:
    """Withdraws a ticket not yet resolved."""
    return await cmd.answer(service.cancel_ticket(cmd, ticket_id, payload), TicketRead)
