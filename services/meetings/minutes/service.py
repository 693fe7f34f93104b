"""The rules of sign-in and minutes; each decision is published for docs' supervision ledger."""

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.meetings import events
from services.meetings.models import Attendance, Decision, Meeting
from services.meetings.schemas import AttendanceCreate, MinutesCreate
from services.meetings.service import meeting_to_change
from shared.auth import Caller
from shared.business_time import business_time
from shared.errors import Conflict, Forbidden, Invalid
from shared.ids import new_id
from shared.outbox import add_event
from shared.text import chinese_date
from shared.units import UnitRegistry


async def record_attendance(
    *, session: AsyncSession, caller: Caller, units: UnitRegistry, meeting_id: str, payload: AttendanceCreate
) -> Attendance:
    """Records one person's sign-in, once per person (409 again, or for a cancelled meeting)."""
    if payload.unit is not None:
        units.require(payload.unit, "unit")
    meeting = await meeting_to_change(session=session, caller=caller, meeting_id=meeting_id)
    known = select(Attendance.id).where(
        Attendance.meeting_id == meeting.id, Attendance.person == payload.person
    )
    if await session.scalar(known) is not None:
        raise Conflict(f"{payload.person} 已签到 (attendance already recorded for this person)")
    row = Attendance(
        id=new_id(),
        meeting_id=meeting.id,
        person=payload.person,
        unit=payload.unit,
        status=payload.status,
        signed_at=business_time(caller, payload.at),
        recorded_by=caller.sub,
    )
    session.add(row)
    add_event(session, events.attendance_recorded(meeting, row, caller))
    return row


async def list_attendance(*, session: AsyncSession, meeting: Meeting) -> list[Attendance]:
    """The sign-ins of a meeting, in the order they were recorded."""
    query = select(Attendance).where(Attendance.meeting_id == meeting.id).order_by(Attendance.id)
    return list((await session.scalars(query)).all())


def check_decisions(
    caller: Caller,
    units: UnitRegistry,
    payload: MinutesCreate,
    meeting: Meeting,
    *,
    day: date,
    timezone: ZoneInfo,
) -> None:
    """Every assignee a registry unit (422) that the caller may give work to: another unit's
    needs an office caller (403); none due before the meeting or the day recorded (422)."""
    held = meeting.start.astimezone(timezone).date()
    for i, decision in enumerate(payload.decisions):
        units.require(decision.assignee_unit, f"decisions.{i}.assignee_unit")
        if not caller.may_act_for(decision.assignee_unit):
            raise Forbidden(
                f"只有办公室人员可为其他单位确定督办事项 "
                f"(a decision for another unit, {decision.assignee_unit}, needs an office caller)"
            )
        if decision.due < held:
            raise Invalid(f"decisions.{i}.due", "完成时限不能早于会议日期 (due before the meeting)")
        if decision.due < day:
            raise Invalid(
                f"decisions.{i}.due", f"完成时限已过：纪要记录于{chinese_date(day)} (due date already past)"
            )


async def record_minutes(
    *,
    session: AsyncSession,
    caller: Caller,
    units: UnitRegistry,
    meeting_id: str,
    payload: MinutesCreate,
    timezone: ZoneInfo,
) -> tuple[Meeting, list[Decision]]:
    """Records the minutes once (409 again or when cancelled); one event per decision."""
    meeting = await meeting_to_change(session=session, caller=caller, meeting_id=meeting_id)
    at = business_time(caller, payload.at)
    check_decisions(caller, units, payload, meeting, day=at.astimezone(timezone).date(), timezone=timezone)
    if meeting.status == "minuted":
        raise Conflict(f"会议 {meeting.id} 已有纪要 (minutes already recorded)")
    meeting.status = "minuted"
    meeting.minutes_summary = payload.summary
    meeting.minutes_recorded_at = at
    decisions = [
        Decision(
            id=new_id(),
            meeting_id=meeting.id,
            seq=seq,
            title=d.title,
            assignee_unit=d.assignee_unit,
            due=d.due,
        )
        for seq, d in enumerate(payload.decisions, start=1)
    ]
    session.add_all(decisions)
    add_event(session, events.minutes_recorded(meeting, len(decisions), caller))
    for decision in decisions:
        add_event(session, events.decision_recorded(meeting, decision, caller, at))
    return meeting, decisions


async def list_decisions(*, session: AsyncSession, meeting: Meeting) -> list[Decision]:
    """The decisions of a meeting's minutes, in order."""
    query = select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.seq)
    return list((await session.scalars(query)).all())
