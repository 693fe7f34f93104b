"""Inbox routes: the caller's notifications, unread counts, read marks, and a live stream (SSE)."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import StreamingResponse

from services.notify.inbox import service, stream
from services.notify.inbox.schemas import InboxFilters, InboxItemRead, UnitParam, UnreadCounts
from shared.app import Registry
from shared.auth import CurrentCaller
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging
from shared.text import PRINTABLE

router = APIRouter(tags=["inbox"])

ItemId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.get("/inbox")
async def list_inbox(
    ask: Ask, paging: Paging, filters: Annotated[InboxFilters, Query()]
) -> Page[InboxItemRead]:
    """The caller's notifications (to them in person and to their unit), oldest first."""
    return await service.inbox_page(ask, filters, paging)


@router.get("/inbox/unread-count")
async def unread_count(ask: Ask, unit: UnitParam = None) -> UnreadCounts:
    """How many of the caller's notifications are unread."""
    box = service.inbox_unit(caller=ask.caller, units=ask.units, unit=unit)
    return await service.unread_counts(session=ask.session, caller=ask.caller, unit=box)


@router.post("/inbox/{item_id}/read", response_model=InboxItemRead)
async def mark_read(item_id: ItemId, cmd: Cmd) -> Any:
    """Marks a notification read for the caller (marking it again changes nothing)."""
    return await cmd.answer(service.mark_read(cmd, item_id), InboxItemRead)


@router.get(
    "/inbox/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}},
)
async def stream_inbox(
    request: Request,
    caller: CurrentCaller,
    units: Registry,
    unit: UnitParam = None,
    last_event_id: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID",
            max_length=40,
            pattern=PRINTABLE,
            description="the `id:` of the last notification seen",
        ),
    ] = None,
) -> StreamingResponse:
    """New notifications as they arrive (Server-Sent Events).

    First an `unread` event with the counts, then one `notification` event per new
    notification (`id:` is its id: a reconnect with `Last-Event-ID` misses nothing),
    and a comment line now and then to keep proxies from closing the connection. At the
    token's `exp` an `expired` event ends the stream: reconnect with a fresh token.
    """
    box = service.inbox_unit(caller=caller, units=units, unit=unit)
    resumed = stream.resume_after(last_event_id)
    factory = request.app.state.factory
    after, counts = await service.stream_start(factory, caller=caller, unit=box, after=resumed)
    return StreamingResponse(
        stream.frames(request, caller=caller, unit=box, after=after, counts=counts),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
