"""The rules of recurring meetings: each occurrence is a meeting of its own.

An occurrence is scheduled (and counted) like any meeting and can be cancelled on its
own; the series keeps the rule it came from.
"""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from services.meetings.models import Meeting, Series
from services.meetings.recurrence.rules import TooMany, expand
from services.meetings.rooms import service as rooms
from services.meetings.schemas import MeetingRead, SeriesCreate, SeriesRead
from services.meetings.service import (
    authorise_write,
    check_units,
    new_meeting,
    stage_meeting,
    visible_meetings,
)
from shared.command import Command, Inquiry
from shared.errors import Invalid, NotFound
from shared.ids import new_id
from shared.text import chinese_date


def occurrences(payload: SeriesCreate, timezone: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """The (start, end) of each occurrence, on the office's wall clock, exceptions taken out."""
    rule = payload.recurrence
    first = payload.start.astimezone(timezone).replace(tzinfo=None)
    try:
        starts = expand(
            first,
            freq=rule.freq,
            interval=rule.interval,
            count=rule.count,
            until=rule.until,
            weekdays=rule.weekdays,
        )
    except TooMany as exc:
        raise Invalid("recurrence", f"重复次数过多 (too many occurrences): {exc}") from exc
    by_day = {start.date(): start for start in starts}
    for i, day in enumerate(rule.exceptions):
        if by_day.pop(day, None) is None:
            raise Invalid(
                f"recurrence.exceptions.{i}", f"{chinese_date(day)}不是该系列会议的日期 (not an occurrence)"
            )
    length = payload.end - payload.start
    spans = [
        (start.replace(tzinfo=timezone), start.replace(tzinfo=timezone) + length) for start in by_day.values()
    ]
    if not spans:
        raise Invalid("recurrence", "该规则没有任何会议日期 (the rule gives no occurrence)")
    for (_, end), (next_start, _) in itertools.pairwise(spans):
        if end > next_start:
            raise Invalid("end", "会议时长超过重复间隔 (occurrences would overlap each other)")
    return spans


async def schedule_series(cmd: Command, payload: SeriesCreate) -> tuple[Series, list[Meeting]]:
    """Schedules every occurrence of a recurring meeting, booking the room for each (409 if held)."""
    check_units(cmd.units, payload)
    authorise_write(cmd.caller, payload.organizer_unit)
    spans = occurrences(payload, cmd.timezone)
    if payload.room is not None:
        await rooms.book(cmd, payload.room, spans, visible_meetings(cmd.caller))
    series = Series(
        id=new_id(),
        title=payload.title,
        organizer_unit=payload.organizer_unit,
        rule=payload.recurrence.model_dump(mode="json"),
        created_by=cmd.caller.sub,
        created_at=cmd.at(payload.at),
    )
    cmd.session.add(series)
    await cmd.session.flush()  # the occurrences refer to it
    meetings = [new_meeting(cmd, payload, start=start, end=end, series_id=series.id) for start, end in spans]
    for meeting in meetings:
        await stage_meeting(cmd, meeting)
    return series, meetings


async def get_series(ask: Inquiry, series_id: str) -> tuple[Series, list[Meeting]]:
    """A recurring meeting and the occurrences this caller may see (404 for none)."""
    series = await ask.session.get(Series, series_id)
    query = visible_meetings(ask.caller).where(Meeting.series_id == series_id).order_by(Meeting.start)
    occurrences = list((await ask.session.scalars(query)).all())
    if series is None or not occurrences:
        raise NotFound(f"系列会议 {series_id} 不存在或无权查看 (series not found)")
    return series, occurrences


def series_read(scheduled: tuple[Series, list[Meeting]]) -> SeriesRead:
    """A series as answered, with its occurrences."""
    series, occurrences = scheduled
    return SeriesRead(
        id=series.id,
        title=series.title,
        organizer_unit=series.organizer_unit,
        rule=series.rule,
        occurrences=[MeetingRead.model_validate(m) for m in occurrences],
    )
