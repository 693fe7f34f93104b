"""Routes of the meetings service: parse, authorise, call the service, answer."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.meetings import service
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
    MeetingFilters,
    MeetingRead,
    NoticeCreate,
)
from shared.bounds import CodeQuery, IdPath, YearQuery
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["meetings"])


@router.post("/meetings", status_code=201, response_model=MeetingRead)
async def schedule_meeting(payload: MeetingCreate, cmd: Cmd) -> Any:
    """Schedules a meeting and books its room (409 naming the meeting that holds the room)."""
    return await cmd.answer(service.schedule_meeting(cmd, payload), MeetingRead)


@router.get("/meetings")
async def list_meetings(
    ask: Ask, paging: Paging, filters: Annotated[MeetingFilters, Query()]
) -> Page[MeetingRead]:
    """Meetings the caller may see, filtered (`unit`: organiser or attendee), in scheduling order."""
    return await ask.page(service.meeting_list(ask, filters), key=Meeting.id, read=MeetingRead, paging=paging)


@router.get("/meetings/counts")
async def count_meetings(ask: Ask, year: YearQuery, unit: CodeQuery = None) -> MeetingCounts:
    """Meetings held in a year (organised by `unit`); cancelled meetings count nowhere."""
    return await service.count_meetings(ask, year=year, unit=unit)


@router.get("/meetings/{meeting_id}")
async def get_meeting(meeting_id: IdPath, ask: Ask) -> MeetingRead:
    """One meeting, if the caller may see it."""
    meeting = await service.get_meeting(session=ask.session, caller=ask.caller, meeting_id=meeting_id)
    return MeetingRead.model_validate(meeting)


@router.post("/meetings/{meeting_id}/notice", response_model=MeetingRead)
async def send_notice(meeting_id: IdPath, cmd: Cmd, payload: NoticeCreate | None = None) -> Any:
    """Sends the meeting notice to its attendees and units (notify delivers it)."""
    return await cmd.answer(service.send_notice(cmd, meeting_id, payload or NoticeCreate()), MeetingRead)


@router.post("/meetings/{meeting_id}/materials", response_model=MeetingRead)
async def add_materials(meeting_id: IdPath, payload: MaterialsCreate, cmd: Cmd) -> Any:
    """Adds materials (会议材料) to a meeting's list."""
    return await cmd.answer(service.add_materials(cmd, meeting_id, payload), MeetingRead)


@router.post("/meetings/{meeting_id}/cancel", response_model=MeetingRead)
async def cancel_meeting(meeting_id: IdPath, cmd: Cmd, payload: CancelCreate | None = None) -> Any:
    """Cancels a meeting: the room is free again and the meeting counts nowhere."""
    return await cmd.answer(service.cancel_meeting(cmd, meeting_id, payload or CancelCreate()), MeetingRead)


router.include_router(minutes_router)
router.include_router(series_router)
router.include_router(rooms_router)
router.include_router(calendar_router)
