"""Calendars as iCalendar (RFC 5545) files, written with the `icalendar` library.

A meeting is a VEVENT on the office's wall clock (TZID with its VTIMEZONE). A recurring
series is one VEVENT with its RRULE and an EXDATE for each date the series leaves out; an
occurrence that changed (cancelled on its own) is a VEVENT of its own with the series' UID,
its RECURRENCE-ID and SEQUENCE 1, so calendar applications show one series, not N meetings.
A meeting's only change a calendar shows is its cancellation: SEQUENCE is 1 once cancelled.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import STATUS, Calendar, Event, vRecur

from services.meetings.models import Meeting, Series

PRODID = "-//General Office//meetings//ZH"
UID_DOMAIN = "meetings.office"


@dataclass(frozen=True)
class Feed:
    """What a calendar shows: its name, the meetings, their series, room names and the office's zone."""

    name: str
    meetings: list[Meeting]
    series: Mapping[str, Series]
    rooms: Mapping[str, str]
    timezone: ZoneInfo


def calendar(feed: Feed, now: datetime) -> bytes:
    """The iCalendar file of a feed: single meetings, then each series as a rule with its exceptions."""
    cal = Calendar.new(prodid=PRODID, name=feed.name, calscale="GREGORIAN")
    cal.add("X-WR-CALNAME", feed.name)
    cal.add("X-WR-TIMEZONE", str(feed.timezone))
    by_series: dict[str, list[Meeting]] = {}
    for meeting in feed.meetings:
        if meeting.series_id is None or meeting.series_id not in feed.series:
            cal.add_component(_event(feed, meeting, now, uid=_uid(meeting.id)))
        else:
            by_series.setdefault(meeting.series_id, []).append(meeting)
    for series_id, occurrences in by_series.items():
        for event in _series_events(feed, feed.series[series_id], occurrences, now):
            cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _uid(record_id: str) -> str:
    return f"{record_id}@{UID_DOMAIN}"


def _event(
    feed: Feed, meeting: Meeting, now: datetime, *, uid: str, start: datetime | None = None, **extra: Any
) -> Event:
    """A meeting's VEVENT; `start` moves it (a series' first instance), keeping its length."""
    cancelled = meeting.status == "cancelled" and start is None
    begins = start or meeting.start.astimezone(feed.timezone)
    event = Event.new(
        uid=uid,
        stamp=now,
        start=begins,
        end=begins + (meeting.end - meeting.start),
        summary=meeting.title,
        categories=[meeting.kind],
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
        sequence=1 if cancelled else 0,
        location=feed.rooms.get(meeting.room, meeting.room) if meeting.room else None,
        description="参会人员：" + "、".join(meeting.attendees) if meeting.attendees else None,
        **extra,
    )
    event.add("X-OFFICE-ORGANIZER-UNIT", meeting.organizer_unit)
    return event


def _series_events(feed: Feed, series: Series, occurrences: list[Meeting], now: datetime) -> list[Event]:
    """The series' rule from its first occurrence, and an override for each cancelled occurrence."""
    occurrences = sorted(occurrences, key=lambda m: m.start)
    first = occurrences[0]
    wall = first.start.astimezone(feed.timezone).timetz().replace(tzinfo=None)
    left_out = [_at(day, wall, feed.timezone) for day in _exceptions(series)]
    start = min([first.start.astimezone(feed.timezone), *left_out])
    master = _event(feed, first, now, uid=_uid(series.id), start=start)
    master.add("RRULE", _rule(series.rule, feed.timezone))
    for moment in left_out:
        master.add("EXDATE", moment)
    changed = [m for m in occurrences if m.status == "cancelled"]
    overrides = [
        _event(feed, m, now, uid=_uid(series.id), recurrence_id=m.start.astimezone(feed.timezone))
        for m in changed
    ]
    return [master, *overrides]


def _exceptions(series: Series) -> list[date]:
    return [date.fromisoformat(day) for day in series.rule.get("exceptions", [])]


def _at(day: date, wall: time, timezone: ZoneInfo) -> datetime:
    return datetime.combine(day, wall, tzinfo=timezone)


def _rule(rule: Mapping[str, Any], timezone: ZoneInfo) -> vRecur:
    """The series' rule as RFC 5545 RRULE: FREQ, INTERVAL, COUNT or UNTIL (UTC), BYDAY, WKST."""
    recur: dict[str, Any] = {"FREQ": rule["freq"].upper(), "INTERVAL": rule.get("interval", 1), "WKST": "MO"}
    if rule.get("count") is not None:
        recur["COUNT"] = rule["count"]
    else:
        last = datetime.combine(date.fromisoformat(rule["until"]), time.max.replace(microsecond=0), timezone)
        recur["UNTIL"] = last.astimezone(ZoneInfo("UTC"))
    if rule["freq"] == "weekly" and rule.get("weekdays"):
        recur["BYDAY"] = list(rule["weekdays"])
    return vRecur(recur)
