"""Routes of the meetings service: parse, authorise, call the service, answer."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from services.meetings import service
from services.meetings.api_common import CodeInQuery, MeetingId, timezone_of
from services.meetings.calendar.api import router as calendar_router
from services.meetings.minutes.api import router as minutes_router
from services.meetings.models import Meeting
from services.meetings.recurrence.api import router as series_router
from services.meetings.rooms.api import router as rooms_router
from services.meetings.schemas import (
    CancelCreate,
    MaterialsCreate,
    MeetingCounts,
    MeetingCreate,
    MeetingRead,
    NoticeCreate,
)
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.contracts.meetings import MeetingKind
from shared.errors import Forbidden
from shared.idempotency import IdempotencyHeader, commit_once
from shared.pagination import Cursor, Limit, Page, paginate
from shared.query import TextSearch
from shared.text import PRINTABLE

router = APIRouter(tags=["meetings"])
Year = Annotated[int, Query(ge=1900, le=2200)]
Status = Annotated[str | None, Query(pattern="^(scheduled|notified|minuted|cancelled)$")]


@router.post("/meetings", status_code=201, response_model=MeetingRead)
async def schedule_meeting(
    request: Request,
    payload: MeetingCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Schedules a meeting and books its room (409 naming the meeting that holds the room)."""

    async def produce() -> MeetingRead:
        meeting = await service.schedule_meeting(
            session=session, caller=caller, units=units, payload=payload, timezone=timezone_of(request)
        )
        return MeetingRead.model_validate(meeting)

    return await commit_once(
        session, caller=caller, key=idempotency_key, route="POST /meetings", produce=produce
    )


@router.get("/meetings")
async def list_meetings(
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    year: Year | None = None,
    kind: MeetingKind | None = None,
    unit: CodeInQuery = None,
    room: CodeInQuery = None,
    status: Status = None,
    series: Annotated[str | None, Query(max_length=32, pattern=PRINTABLE)] = None,
    q: TextSearch = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[MeetingRead]:
    """Meetings the caller may see, filtered (`unit`: organiser or attendee), in scheduling order."""
    if unit is not None:
        units.require(unit, "unit")
    query = service.filter_meetings(
        service.visible_meetings(caller),
        year=year,
        kind=kind,
        unit=unit,
        room=room,
        status=status,
        series_id=series,
        q=q,
    )
    rows, next_cursor = await paginate(session, query, key=Meeting.id, limit=limit, cursor=cursor)
    return Page(items=[MeetingRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/meetings/counts")
async def count_meetings(
    session: Session, caller: CurrentCaller, units: Registry, year: Year, unit: CodeInQuery = None
) -> MeetingCounts:
    """Meetings held in a year (organised by `unit`); cancelled meetings count nowhere."""
    if unit is not None:
        units.require(unit, "unit")
    if not caller.acts_for_office and not caller.has("auditor"):
        if unit not in (None, caller.unit):
            raise Forbidden("只能查看本单位的会议统计 (may only count your own unit's meetings)")
        unit = caller.unit
    return await service.count_meetings(session=session, year=year, unit=unit)


@router.get("/meetings/{meeting_id}")
async def get_meeting(meeting_id: MeetingId, session: Session, caller: CurrentCaller) -> MeetingRead:
    """One meeting, if the caller may see it."""
    meeting = await service.get_meeting(session=session, caller=caller, meeting_id=meeting_id)
    return MeetingRead.model_validate(meeting)


@router.post("/meetings/{meeting_id}/notice", response_model=MeetingRead)
async def send_notice(
    meeting_id: MeetingId,
    session: Session,
    caller: CurrentCaller,
    payload: NoticeCreate | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Sends the meeting notice to its attendees and units (notify delivers it)."""
    body = payload or NoticeCreate()

    async def produce() -> MeetingRead:
        meeting = await service.send_notice(
            session=session, caller=caller, meeting_id=meeting_id, note=body.note, at=body.at
        )
        return MeetingRead.model_validate(meeting)

    route = "POST /meetings/{id}/notice"
    return await commit_once(
        session, caller=caller, key=idempotency_key, route=route, produce=produce, status_code=200
    )


@router.post("/meetings/{meeting_id}/materials", response_model=MeetingRead)
async def add_materials(
    meeting_id: MeetingId,
    payload: MaterialsCreate,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Adds materials (会议材料) to a meeting's list."""

    async def produce() -> MeetingRead:
        meeting = await service.add_materials(
            session=session, caller=caller, meeting_id=meeting_id, titles=payload.titles, at=payload.at
        )
        return MeetingRead.model_validate(meeting)

    route = "POST /meetings/{id}/materials"
    return await commit_once(
        session, caller=caller, key=idempotency_key, route=route, produce=produce, status_code=200
    )


@router.post("/meetings/{meeting_id}/cancel", response_model=MeetingRead)
async def cancel_meeting(
    meeting_id: MeetingId,
    session: Session,
    caller: CurrentCaller,
    payload: CancelCreate | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Cancels a meeting: the room is free again and the meeting counts nowhere."""
    body = payload or CancelCreate()

    async def produce() -> MeetingRead:
        meeting = await service.cancel_meeting(
            session=session, caller=caller, meeting_id=meeting_id, reason=body.reason, at=body.at
        )
        return MeetingRead.model_validate(meeting)

    route = "POST /meetings/{id}/cancel"
    return await commit_once(
        session, caller=caller, key=idempotency_key, route=route, produce=produce, status_code=200
    )


router.include_router(minutes_router)
router.include_router(series_router)
router.include_router(rooms_router)
router.include_router(calendar_router)
