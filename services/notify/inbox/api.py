"""Inbox routes: the caller's notifications, unread counts, read marks, and a live stream (SSE)."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import StreamingResponse

from services.notify.inbox import service, stream
from services.notify.inbox.models import InboxItem
from services.notify.inbox.schemas import InboxItemRead, UnreadCounts
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.command import Cmd
from shared.pagination import Page, Paging, paginate

router = APIRouter(tags=["inbox"])

ItemId = Annotated[int, Path(ge=1, le=2**63 - 1)]
UnitParam = Annotated[
    str | None, Query(max_length=20, description="office staff: another unit's inbox; default the caller's")
]


@router.get("/inbox")
async def list_inbox(
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    paging: Paging,
    unread: bool | None = None,
    unit: UnitParam = None,
) -> Page[InboxItemRead]:
    """The caller's notifications (to them in person and to their unit), oldest first."""
    box = service.inbox_unit(caller=caller, units=units, unit=unit)
    query = service.visible_items(caller=caller, unit=box, unread=unread)
    rows, next_cursor = await paginate(
        session, query, key=InboxItem.id, limit=paging.limit, cursor=paging.cursor
    )
    items = await service.with_read_marks(session=session, caller=caller, items=rows)
    return Page(items=items, next_cursor=next_cursor)


@router.get("/inbox/unread-count")
async def unread_count(
    session: Session, caller: CurrentCaller, units: Registry, unit: UnitParam = None
) -> UnreadCounts:
    """How many of the caller's notifications are unread."""
    box = service.inbox_unit(caller=caller, units=units, unit=unit)
    return await service.unread_counts(session=session, caller=caller, unit=box)


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
        str | None, Header(alias="Last-Event-ID", description="the `id:` of the last notification seen")
    ] = None,
) -> StreamingResponse:
    """New notifications as they arrive (Server-Sent Events).

    First an `unread` event with the counts, then one `notification` event per new
    notification (`id:` is its id: a reconnect with `Last-Event-ID` misses nothing),
    and a comment line now and then to keep proxies from closing the connection. At the
    token's `exp` an `expired` event ends the stream: reconnect with a fresh token.
    """
    box = service.inbox_unit(caller=caller, units=units, unit=unit)
    after = stream.resume_after(last_event_id)
    factory = request.app.state.factory
    async with factory() as session:
        if after is None:
            after = await service.latest_id(session=session)
        counts = await service.unread_counts(session=session, caller=caller, unit=box)
    return StreamingResponse(
        stream.frames(request, caller=caller, unit=box, after=after, counts=counts),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
