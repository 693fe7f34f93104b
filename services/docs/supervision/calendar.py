"""The working-day calendar (工作日): weekends, official holidays and make-up working days (调休).

Holidays come from the `chinese_calendar` package (the State Council's yearly notices);
for a year it does not know yet, Monday to Friday are working days.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar  # type: ignore[import-untyped,unused-ignore]

ONE_DAY = timedelta(days=1)


def is_workday(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the package has no notice for
        return day.weekday() < 5


def next_workday(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_workday(day):
        day += ONE_DAY
    return day


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (start itself not counted)."""
    day = start
    counted = 0
    while counted < days:
        day += ONE_DAY
        if is_workday(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; 0 when end is not after start."""
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        count += is_workday(day)
    return count


def local_day(moment: datetime, timezone: ZoneInfo) -> date:
    return moment.astimezone(timezone).date()


def overdue_moment(deadline: date, timezone: ZoneInfo) -> datetime:
    """When an item due on `deadline` becomes overdue: the start of the next day."""
    return datetime.combine(deadline + ONE_DAY, time(0), timezone)


def is_overdue(deadline: date, moment: datetime, timezone: ZoneInfo) -> bool:
    """The deadline has passed at `moment` (the whole deadline day counts as in time)."""
    return local_day(moment, timezone) > deadline
