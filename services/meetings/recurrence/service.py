"""The rules of recurring meetings: each occurrence is a meeting of its own.

An occurrence is scheduled (and counted) like any meeting and can be cancelled on its
own; the series keeps the rule it came from.
"""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.meetings.models import Meeting, Series
from services.meetings.recurrence.rules import TooMany, expand
from services.meetings.rooms import service as rooms
from services.meetings.schemas import SeriesCreate
from services.meetings.service import (
    authorise_write,
    check_units,
    new_meeting,
    stage_meeting,
    visible_meetings,
)
from shared.auth import Caller
from shared.business_time import business_time
from shared.errors import Invalid
from shared.ids import new_id
from shared.text import chinese_date
from shared.units import UnitRegistry


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


async def schedule_series(
    *,
    session: AsyncSession,
    caller: Caller,
    units: UnitRegistry,
    payload: SeriesCreate,
    timezone: ZoneInfo,
) -> tuple[Series, list[Meeting]]:
    """Schedules every occurrence of a recurring meeting, booking the room for each (409 if held)."""
    check_units(units, payload)
    authorise_write(caller, payload.organizer_unit)
    spans = occurrences(payload, timezone)
    if payload.room is not None:
        visible = visible_meetings(caller)
        await rooms.book(session=session, caller=caller, room=payload.room, intervals=spans, visible=visible)
    series = Series(
        id=new_id(),
        title=payload.title,
        organizer_unit=payload.organizer_unit,
        rule=payload.recurrence.model_dump(mode="json"),
        created_by=caller.sub,
        created_at=business_time(caller, payload.at),
    )
    session.add(series)
    await session.flush()  # the occurrences refer to it
    meetings = [
        new_meeting(payload, start=start, end=end, caller=caller, timezone=timezone, series_id=series.id)
        for start, end in spans
    ]
    for meeting in meetings:
        stage_meeting(session, meeting, caller)
    return series, meetings
