"""Expanding a weekly or monthly rule into occurrence dates, on the office's wall clock.

RFC 5545's `FREQ=WEEKLY;INTERVAL=n;BYDAY=..` and `FREQ=MONTHLY;INTERVAL=n` (by the first
occurrence's day of the month; months without that day are skipped), with `COUNT` or
`UNTIL`, by python-dateutil's rrule; `EXDATE` is taken out after counting.
"""

from collections.abc import Sequence
from datetime import date, datetime, time
from itertools import islice

from dateutil import rrule

from shared.business_time import LAST_YEAR

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_OCCURRENCES = 200


class TooMany(ValueError):
    """The rule gives more occurrences than a series may hold."""


def _last(until: date | None) -> datetime:
    return datetime.combine(until, time.max) if until else datetime(LAST_YEAR, 12, 31)


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
    rule = rrule.rrule(
        rrule.WEEKLY if freq == "weekly" else rrule.MONTHLY,
        dtstart=first,
        interval=interval,
        count=count,
        until=_last(until) if count is None else None,
        byweekday=[WEEKDAYS.index(d) for d in weekdays] or None if freq == "weekly" else None,
        wkst=rrule.MO,
    )
    starts = list(islice(rule, MAX_OCCURRENCES + 1))
    if len(starts) > MAX_OCCURRENCES:
        raise TooMany(f"a series holds at most {MAX_OCCURRENCES} occurrences")
    return starts
