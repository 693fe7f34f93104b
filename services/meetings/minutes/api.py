"""Routes of sign-in and minutes."""

from typing import Any

from fastapi import APIRouter

from services.meetings.minutes import service
from services.meetings.schemas import (
    AttendanceCreate,
    AttendanceRead,
    MinutesCreate,
    MinutesRead,
)
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.pagination import Page

router = APIRouter(tags=["attendance and minutes"])


@router.post("/meetings/{meeting_id}/attendance", status_code=201, response_model=AttendanceRead)
async def record_attendance(meeting_id: IdPath, payload: AttendanceCreate, cmd: Cmd) -> Any:
    """Records a sign-in (签到), or marks someone absent or on leave."""
    return await cmd.answer(service.record_attendance(cmd, meeting_id, payload), AttendanceRead)


@router.get("/meetings/{meeting_id}/attendance")
async def list_attendance(meeting_id: IdPath, ask: Ask) -> Page[AttendanceRead]:
    """The sign-ins of a meeting."""
    return Page.of(await service.list_attendance(ask, meeting_id), AttendanceRead, None)


@router.post("/meetings/{meeting_id}/minutes", status_code=201, response_model=MinutesRead)
async def record_minutes(meeting_id: IdPath, payload: MinutesCreate, cmd: Cmd) -> Any:
    """Records the minutes (纪要); each decision goes to docs' supervision ledger as an event."""
    return await cmd.answer(service.record_minutes(cmd, meeting_id, payload), service.minutes_read)


@router.get("/meetings/{meeting_id}/minutes")
async def get_minutes(meeting_id: IdPath, ask: Ask) -> MinutesRead:
    """The minutes of a meeting and their decisions (404 until recorded)."""
    return service.minutes_read(await service.get_minutes(ask, meeting_id))
