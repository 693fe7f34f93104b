"""Which consumed events schedule, move or cancel reminders, and when those are due.

- 收文交办 (`docs.incoming.assigned`, and `urged`, which may set a new due date) for the
  lead unit, before the due date and when overdue; cancelled by `incoming.completed`.
- 督办 (`docs.supervision.created`) for the assignee unit before its deadline; docs itself
  announces the overdue item (`supervision.overdue`), so notify does not repeat it.
  Cancelled by `supervision.completed`.
- 会议决定事项 (`meetings.decision.recorded`) for the assignee unit, until docs makes it a
  supervision item (`supervision.created` with its `decision_id`), which takes over.
- 会议 (`meetings.meeting.scheduled` / `noticed`) for the attendees and attendee units,
  before the start; cancelled by `meeting.cancelled`.

Duty shifts are not here: logistics sends its own reminders (`logistics.duty.reminded`),
which reach the inbox through the rules table.

A date due means the end of that day, office-local; the reminders before it go out at
`reminder_hour` on the days before, the overdue one at that hour on the day after.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.reminders import service
from services.notify.reminders.service import Plan
from services.notify.settings import NotifySettings
from shared.business_time import FIRST_YEAR, LAST_YEAR
from shared.contracts.docs import (
    IncomingAssigned,
    IncomingCompleted,
    IncomingUrged,
    SupervisionCompleted,
    SupervisionCreated,
)
from shared.contracts.meetings import DecisionRecorded, MeetingCancelled, MeetingNoticeSent, MeetingScheduled
from shared.envelope import Envelope, utcnow
from shared.telemetry import log


@dataclass(frozen=True)
class Times:
    """When reminders go out (from the settings)."""

    timezone: ZoneInfo
    due_days_before: tuple[int, ...]
    hour: int
    overdue_days_after: int
    meeting_hours_before: tuple[float, ...]

    @classmethod
    def of(cls, settings: NotifySettings) -> "Times":
        return cls(
            timezone=ZoneInfo(settings.timezone),
            due_days_before=settings.reminder_due_days_before,
            hour=settings.reminder_hour,
            overdue_days_after=settings.reminder_overdue_days_after,
            meeting_hours_before=settings.reminder_meeting_hours_before,
        )

    def on(self, day: date) -> datetime:
        return datetime.combine(day, time(self.hour), tzinfo=self.timezone)

    def due_sends(self, due: date, *, overdue: bool) -> dict[str, datetime]:
        """The reminders of a due date; none for a date beyond the office's calendar (never due)."""
        if not FIRST_YEAR <= due.year <= LAST_YEAR:
            return {}
        sends = {f"before_{days}d": self.on(due - timedelta(days=days)) for days in self.due_days_before}
        if overdue:
            sends["overdue"] = self.on(due + timedelta(days=self.overdue_days_after))
        return sends

    def end_of(self, due: date) -> datetime:
        last = min(due, date(LAST_YEAR, 12, 31))  # a far date never ends on this calendar
        return datetime.combine(last + timedelta(days=1), time(0), tzinfo=self.timezone)


def _due_plan(
    times: Times, *, record: tuple[str, str], label: str, unit: str, due: date, overdue: bool = True
) -> Plan:
    return Plan(
        record_kind=record[0],
        record_id=record[1],
        label=label,
        unit=unit,
        units=(unit,),
        users=(),
        due=due.isoformat(),
        target=times.end_of(due),
        sends=times.due_sends(due, overdue=overdue),
    )


def _meeting_sends(times: Times, start: datetime) -> dict[str, datetime]:
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        return {}  # beyond the office's calendar: never reminded (and no overflow)
    return {f"before_{h:g}h": start - timedelta(hours=h) for h in times.meeting_hours_before}


def _meeting_plan(times: Times, event: MeetingScheduled | MeetingNoticeSent, meeting_id: str) -> Plan:
    start = event.start.astimezone(times.timezone) if _meeting_sends(times, event.start) else event.start
    return Plan(
        record_kind="meeting",
        record_id=meeting_id,
        label=event.title,
        unit=event.organizer_unit,
        units=tuple(dict.fromkeys(event.attendee_units)),
        users=tuple(dict.fromkeys(event.attendees)),
        due=start.strftime("%Y-%m-%d %H:%M"),
        target=event.start,
        sends=_meeting_sends(times, event.start),
    )


Apply = Callable[[AsyncSession, Envelope, Times], Awaitable[None]]


async def _plan(session: AsyncSession, envelope: Envelope, plan: Plan) -> None:
    await service.schedule(session, plan=plan, at=envelope.time, now=utcnow())


async def _close(session: AsyncSession, envelope: Envelope, record_kind: str, record_id: str) -> None:
    await service.close(session, record_kind=record_kind, record_id=record_id, at=envelope.time)


def _in_handling(kind: type[IncomingAssigned] | type[IncomingUrged]) -> Apply:
    """A received document assigned or urged: its lead unit is reminded of the due date."""

    async def plan_due(session: AsyncSession, envelope: Envelope, times: Times) -> None:
        e = kind.from_envelope(envelope)
        plan = _due_plan(times, record=("incoming", e.id), label=e.reg_no, unit=e.lead_unit, due=e.due)
        await _plan(session, envelope, plan)

    return plan_due


async def _incoming_completed(session: AsyncSession, envelope: Envelope, _times: Times) -> None:
    await _close(session, envelope, "incoming", IncomingCompleted.from_envelope(envelope).id)


async def _supervision_created(session: AsyncSession, envelope: Envelope, times: Times) -> None:
    e = SupervisionCreated.from_envelope(envelope)
    record = ("supervision", e.id)
    plan = _due_plan(times, record=record, label=e.title, unit=e.assignee_unit, due=e.deadline, overdue=False)
    await _plan(session, envelope, plan)
    if e.decision_id:
        await _close(session, envelope, "decision", e.decision_id)


async def _supervision_completed(session: AsyncSession, envelope: Envelope, _times: Times) -> None:
    await _close(session, envelope, "supervision", SupervisionCompleted.from_envelope(envelope).id)


async def _decision(session: AsyncSession, envelope: Envelope, times: Times) -> None:
    e = DecisionRecorded.from_envelope(envelope)
    plan = _due_plan(times, record=("decision", e.id), label=e.title, unit=e.assignee_unit, due=e.due)
    await _plan(session, envelope, plan)


async def _scheduled(session: AsyncSession, envelope: Envelope, times: Times) -> None:
    e = MeetingScheduled.from_envelope(envelope)
    await _plan(session, envelope, _meeting_plan(times, e, e.id))


async def _noticed(session: AsyncSession, envelope: Envelope, times: Times) -> None:
    e = MeetingNoticeSent.from_envelope(envelope)
    await _plan(session, envelope, _meeting_plan(times, e, e.meeting_id))


async def _meeting_cancelled(session: AsyncSession, envelope: Envelope, _times: Times) -> None:
    await _close(session, envelope, "meeting", MeetingCancelled.from_envelope(envelope).id)


SOURCES: dict[str, Apply] = {
    IncomingAssigned.subject(): _in_handling(IncomingAssigned),
    IncomingUrged.subject(): _in_handling(IncomingUrged),
    IncomingCompleted.subject(): _incoming_completed,
    SupervisionCreated.subject(): _supervision_created,
    SupervisionCompleted.subject(): _supervision_completed,
    DecisionRecorded.subject(): _decision,
    MeetingScheduled.subject(): _scheduled,
    MeetingNoticeSent.subject(): _noticed,
    MeetingCancelled.subject(): _meeting_cancelled,
}


async def apply(session: AsyncSession, *, envelope: Envelope, times: Times) -> None:
    """Schedules, moves or cancels the reminders this event asks for (most types: none)."""
    source = SOURCES.get(envelope.nats_subject)
    if source is None or envelope.version != 1:
        return
    try:
        await source(session, envelope, times)
    except ValidationError as exc:  # the inbox still tells it; only its reminders are lost
        log.warning("event without what its reminders need", event_id=envelope.id, error=str(exc)[:500])
