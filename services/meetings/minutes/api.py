"""Routes of sign-in and minutes."""

from typing import Any

from fastapi import APIRouter, Request

from services.meetings import service as meetings
from services.meetings.api_common import MeetingId, timezone_of
from services.meetings.minutes import service
from services.meetings.schemas import (
    AttendanceCreate,
    AttendanceRead,
    DecisionRead,
    MinutesCreate,
    MinutesRead,
)
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.errors import NotFound
from shared.idempotency import IdempotencyHeader, commit_once

router = APIRouter(tags=["attendance and minutes"])


@router.post("/meetings/{meeting_id}/attendance", status_code=201, response_model=AttendanceRead)
async def record_attendance(
    meeting_id: MeetingId,
    payload: AttendanceCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Records a sign-in (签到), or marks someone absent or on leave."""

    async def produce() -> AttendanceRead:
        row = await service.record_attendance(
            session=session, caller=caller, units=units, meeting_id=meeting_id, payload=payload
        )
        return AttendanceRead.model_validate(row)

    route = "POST /meetings/{id}/attendance"
    return await commit_once(session, caller=caller, key=idempotency_key, route=route, produce=produce)


@router.get("/meetings/{meeting_id}/attendance")
async def list_attendance(meeting_id: MeetingId, session: Session, caller: CurrentCaller) -> dict[str, Any]:
    """The sign-ins of a meeting."""
    meeting = await meetings.get_meeting(session=session, caller=caller, meeting_id=meeting_id)
    rows = await service.list_attendance(session=session, meeting=meeting)
    return {"items": [AttendanceRead.model_validate(r) for r in rows], "next_cursor": None}


@router.post("/meetings/{meeting_id}/minutes", status_code=201, response_model=MinutesRead)
async def record_minutes(
    request: Request,
    meeting_id: MeetingId,
    payload: MinutesCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Records the minutes (纪要); each decision goes to docs' supervision ledger as an event."""

    async def produce() -> MinutesRead:
        meeting, decisions = await service.record_minutes(
            session=session,
            caller=caller,
            units=units,
            meeting_id=meeting_id,
            payload=payload,
            timezone=timezone_of(request),
        )
        return minutes_read(meeting, decisions)

    route = "POST /meetings/{id}/minutes"
    return await commit_once(session, caller=caller, key=idempotency_key, route=route, produce=produce)


@router.get("/meetings/{meeting_id}/minutes")
async def get_minutes(meeting_id: MeetingId, session: Session, caller: CurrentCaller) -> MinutesRead:
    """The minutes of a meeting and their decisions (404 until recorded)."""
    meeting = await meetings.get_meeting(session=session, caller=caller, meeting_id=meeting_id)
    if meeting.minutes_recorded_at is None:
        raise NotFound(f"会议 {meeting.id} 尚无纪要 (no minutes yet)")
    return minutes_read(meeting, await service.list_decisions(session=session, meeting=meeting))


def minutes_read(meeting: Any, decisions: list[Any]) -> MinutesRead:
    return MinutesRead(
        meeting_id=meeting.id,
        summary=meeting.minutes_summary,
        recorded_at=meeting.minutes_recorded_at,
        decisions=[DecisionRead.model_validate(d) for d in decisions],
    )
