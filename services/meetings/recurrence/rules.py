"""Expanding a weekly or monthly rule into occurrence dates, on the office's wall clock.

What RFC 5545 calls `FREQ=WEEKLY;INTERVAL=n;BYDAY=..` and `FREQ=MONTHLY;INTERVAL=n`
(by the first occurrence's day of the month; months without that day are skipped, as
RFC 5545 does), with `COUNT` or `UNTIL`, and `EXDATE` taken out after counting.
(python-dateutil's rrule is not a dependency of the project yet; this is the part we need.)
"""

import contextlib
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_OCCURRENCES = 200


class TooMany(ValueError):
    """The rule gives more occurrences than a series may hold."""


def _weekly(first: datetime, interval: int, weekdays: Sequence[str]) -> Iterator[datetime]:
    days = sorted({WEEKDAYS.index(d) for d in weekdays} or {first.weekday()})
    monday = first - timedelta(days=first.weekday())
    while True:
        for day in days:
            candidate = monday + timedelta(days=day)
            if candidate >= first:
                yield candidate
        monday += timedelta(weeks=interval)


def _monthly(first: datetime, interval: int) -> Iterator[datetime]:
    months = first.year * 12 + first.month - 1
    while True:
        year, month = divmod(months, 12)
        with contextlib.suppress(ValueError):  # no such day in that month (31st, 29 February)
            yield first.replace(year=year, month=month + 1)
        months += interval


def expand(
    first: datetime,
    *,
    freq: str,
    interval: int,
    count: int | None,
    until: date | None,
    weekdays: Sequence[str],
) -> list[datetime]:
    """The occurrences' starts (naive local times), before exceptions are taken out."""
    candidates = _weekly(first, interval, weekdays) if freq == "weekly" else _monthly(first, interval)
    starts: list[datetime] = []
    for candidate in candidates:
        if (count is not None and len(starts) == count) or (until is not None and candidate.date() > until):
            return starts
        if candidate.year > 2200 or len(starts) == MAX_OCCURRENCES:
            raise TooMany(f"a series holds at most {MAX_OCCURRENCES} occurrences")
        starts.append(candidate)
    return starts
