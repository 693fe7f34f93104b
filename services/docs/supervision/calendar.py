"""The supervision ledger's days in the office's time zone; working days are `shared.calendar`'s."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ONE_DAY = timedelta(days=1)


def local_day(moment: datetime, timezone: ZoneInfo) -> date:
    return moment.astimezone(timezone).date()


def overdue_moment(deadline: date, timezone: ZoneInfo) -> datetime:
    """When an item due on `deadline` becomes overdue: the start of the next day."""
    return datetime.combine(deadline + ONE_DAY, time(0), timezone)


def is_overdue(deadline: date, moment: datetime, timezone: ZoneInfo) -> bool:
    """The deadline has passed at `moment` (the whole deadline day counts as in time)."""
    return local_day(moment, timezone) > deadline
