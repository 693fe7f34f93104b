"""Routes of maintenance tickets (报修)."""

from typing import Any

from fastapi import APIRouter

from services.logistics.maintenance import service
from services.logistics.maintenance.schemas import (
    TicketCreate,
    TicketRead,
    TicketResolve,
    TicketStart,
    TicketStatus,
)
from services.logistics.models import Ticket
from services.logistics.schemas import Action
from services.logistics.web import commit_change
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.contracts.logistics import TicketCategory
from shared.idempotency import IdempotencyHeader
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(prefix="/maintenance", tags=["maintenance"])


@router.post("/tickets", status_code=201, response_model=TicketRead)
async def open_ticket(
    payload: TicketCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Opens a ticket (报修: water, power, doors_windows, drains, other)."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route="POST /maintenance/tickets",
        change=lambda: service.open_ticket(session=session, caller=caller, units=units, payload=payload),
        read=TicketRead,
        status_code=201,
    )


@router.get("/tickets")
async def list_tickets(
    session: Session,
    caller: CurrentCaller,
    unit: str | None = None,
    status: TicketStatus | None = None,
    category: TicketCategory | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[TicketRead]:
    """Tickets the caller may see, oldest first."""
    query = service.list_tickets(caller, unit=unit, status=status, category=category)
    rows, next_cursor = await paginate(session, query, key=Ticket.id, limit=limit, cursor=cursor)
    return Page(items=[TicketRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/tickets/{ticket_id}")
async def get_ticket(ticket_id: str, session: Session, caller: CurrentCaller) -> TicketRead:
    """One ticket."""
    return TicketRead.model_validate(
        await service.get_ticket(session=session, caller=caller, ticket_id=ticket_id)
    )


@router.post("/tickets/{ticket_id}/start", response_model=TicketRead)
async def start_ticket(
    ticket_id: str,
    payload: TicketStart,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Assigns a repairer (派工); 409 unless open."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /maintenance/tickets/{ticket_id}/start",
        change=lambda: service.start_ticket(
            session=session, caller=caller, ticket_id=ticket_id, payload=payload
        ),
        read=TicketRead,
    )


@router.post("/tickets/{ticket_id}/resolve", response_model=TicketRead)
async def resolve_ticket(
    ticket_id: str,
    payload: TicketResolve,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Closes the ticket as repaired (办结), with the time it took; 409 if closed already."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /maintenance/tickets/{ticket_id}/resolve",
        change=lambda: service.resolve_ticket(
            session=session, caller=caller, ticket_id=ticket_id, payload=payload
        ),
        read=TicketRead,
    )


@router.post("/tickets/{ticket_id}/cancel", response_model=TicketRead)
async def cancel_ticket(
    ticket_id: str,
    payload: Action,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Withdraws a ticket not yet resolved."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /maintenance/tickets/{ticket_id}/cancel",
        change=lambda: service.cancel_ticket(
            session=session, caller=caller, ticket_id=ticket_id, at=payload.at
        ),
        read=TicketRead,
    )
