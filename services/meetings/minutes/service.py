"""The rules of sign-in and minutes; each decision is published for docs' supervision ledger."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.meetings import events
from services.meetings.models import Attendance, Decision, Meeting
from services.meetings.schemas import AttendanceCreate, DecisionRead, MinutesCreate, MinutesRead
from services.meetings.service import get_meeting, meeting_to_change
from shared.command import Command, Inquiry
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.ids import new_id
from shared.outbox import add_event
from shared.text import chinese_date

Minutes = tuple[Meeting, list[Decision]]
"""A meeting's minutes: the meeting (its summary) and the decisions."""


async def record_attendance(cmd: Command, meeting_id: str, payload: AttendanceCreate) -> Attendance:
    """Records one person's sign-in, once per person (409 again, or for a cancelled meeting)."""
    if payload.unit is not None:
        cmd.units.require(payload.unit, "unit")
    meeting = await meeting_to_change(cmd, meeting_id)
    signed_at = cmd.at(payload.at)
    known = select(Attendance.id).where(
        Attendance.meeting_id == meeting.id, Attendance.person == payload.person
    )
    if await cmd.session.scalar(known) is not None:
        raise Conflict(f"{payload.person} 已签到 (attendance already recorded for this person)")
    row = Attendance(
        **payload.model_dump(exclude={"at"}),
        id=new_id(),
        meeting_id=meeting.id,
        signed_at=signed_at,
        recorded_by=cmd.caller.sub,
    )
    cmd.session.add(row)
    await add_event(cmd.session, events.attendance_recorded(meeting, row, cmd.caller))
    return row


async def list_attendance(ask: Inquiry, meeting_id: str) -> list[Attendance]:
    """The sign-ins of a meeting the caller may see, in the order they were recorded."""
    meeting = await get_meeting(session=ask.session, caller=ask.caller, meeting_id=meeting_id)
    query = select(Attendance).where(Attendance.meeting_id == meeting.id).order_by(Attendance.id)
    return list((await ask.session.scalars(query)).all())


def check_decisions(cmd: Command, payload: MinutesCreate, meeting: Meeting, *, day: date) -> None:
    """Every assignee a registry unit (422) that the caller may give work to: another unit's
    needs an office caller (403); none due before the meeting or the day recorded (422)."""
    held = meeting.start.astimezone(cmd.timezone).date()
    for i, decision in enumerate(payload.decisions):
        cmd.units.require(decision.assignee_unit, f"decisions.{i}.assignee_unit")
        if not cmd.caller.may_act_for(decision.assignee_unit):
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


async def record_minutes(cmd: Command, meeting_id: str, payload: MinutesCreate) -> Minutes:
    """Records the minutes once (409 again or when cancelled); one event per decision."""
    meeting = await meeting_to_change(cmd, meeting_id)
    at = cmd.at(payload.at)
    check_decisions(cmd, payload, meeting, day=at.astimezone(cmd.timezone).date())
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
    cmd.session.add_all(decisions)
    await add_event(cmd.session, events.minutes_recorded(meeting, len(decisions), cmd.caller))
    for decision in decisions:
        await add_event(cmd.session, events.decision_recorded(meeting, decision, cmd.caller, at))
    return meeting, decisions


async def list_decisions(*, session: AsyncSession, meeting: Meeting) -> list[Decision]:
    """The decisions of a meeting's minutes, in order."""
    query = select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.seq)
    return list((await session.scalars(query)).all())


async def get_minutes(ask: Inquiry, meeting_id: str) -> Minutes:
    """The minutes of a meeting the caller may see, and their decisions (404 until recorded)."""
    meeting = await get_meeting(session=ask.session, caller=ask.caller, meeting_id=meeting_id)
    if meeting.minutes_recorded_at is None:
        raise NotFound(f"会议 {meeting.id} 尚无纪要 (no minutes yet)")
    return meeting, await list_decisions(session=ask.session, meeting=meeting)


def minutes_read(recorded: Minutes) -> MinutesRead:
    """The minutes as answered: summary, when recorded, the decisions."""
    meeting, decisions = recorded
    assert meeting.minutes_summary is not None and meeting.minutes_recorded_at is not None
    return MinutesRead(
        meeting_id=meeting.id,
        summary=meeting.minutes_summary,
        recorded_at=meeting.minutes_recorded_at,
        decisions=[DecisionRead.model_validate(d) for d in decisions],
    )
