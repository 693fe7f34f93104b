"""The office's one rule for business time, used by every service for every time and date it accepts.

- Years 1900–2200 on the office's calendar: anything else is a 422 (a year 1 with +14:00
  would overflow on conversion to UTC, a year 9999 on the day after it).
- An aware time is normalised to the office's time zone (`OFFICE_TIMEZONE`).
- A business time may lie at most `CLOCK_SKEW` ahead of now (clocks differ), else 422.
- Only the office's accounts (staff, leaders who sign, admins) may set a business time
  in the past, so that a past year can be entered (README, Security); a liaison or unit
  account gets 403. The real recording time stays beside it: the outbox row's
  `created_at` of the change's event.
"""

import os
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, AwareDatetime, Field

from shared.auth import Caller
from shared.envelope import utcnow
from shared.errors import Forbidden, Invalid

FIRST_YEAR, LAST_YEAR = 1900, 2200
CLOCK_SKEW = timedelta(days=1)
"""How far into the future a business time may be."""
BACKDATE_WINDOW = timedelta(hours=1)
"""How far into the past anyone's business time may be (a form filled in a while ago)."""
DEFAULT_TIMEZONE = "Asia/Shanghai"


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def office_zone() -> ZoneInfo:
    """The office's time zone, as the services' settings read it."""
    return _zone(os.environ.get("OFFICE_TIMEZONE") or DEFAULT_TIMEZONE)


OUT_OF_YEARS = f"时间须在{FIRST_YEAR}年至{LAST_YEAR}年之间 (time must be within {FIRST_YEAR}..{LAST_YEAR})"
DAY_OUT_OF_YEARS = (
    f"日期须在{FIRST_YEAR}年至{LAST_YEAR}年之间 (date must be within {FIRST_YEAR}..{LAST_YEAR})"
)


def on_the_calendar(moment: datetime) -> datetime:
    """An aware time within the office's years, in the office's time zone."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(OUT_OF_YEARS)
    local = moment.astimezone(office_zone())
    if not FIRST_YEAR <= local.year <= LAST_YEAR:
        raise ValueError(OUT_OF_YEARS)
    return local


def on_the_calendar_day(day: date) -> date:
    """A day within the office's years."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(DAY_OUT_OF_YEARS)
    return day


Moment = Annotated[AwareDatetime, AfterValidator(on_the_calendar)]
"""Every time a service accepts: with an offset, 1900–2200, in the office's time zone."""
Day = Annotated[date, AfterValidator(on_the_calendar_day)]
"""Every date a service accepts: 1900–2200."""
At = Annotated[Moment | None, Field(description="business time of the action (default now), with offset")]


def not_in_future(field: str, moment: datetime, message: str = "时间不能晚于当前时间") -> None:
    """A time of a fact (received, submitted, completed) is not ahead of now by more than the skew."""
    if moment > utcnow() + CLOCK_SKEW:
        raise Invalid(field, f"{message} (is in the future)")


def business_time(caller: Caller, at: datetime | None, *, field: str = "at") -> datetime:
    """The time of an action, in UTC: `at` if given, else now; never ahead; in the past, the office's."""
    now = utcnow()
    if at is None:
        return now
    not_in_future(field, at, "业务时间不能晚于当前时间")
    if at < now - BACKDATE_WINDOW and not caller.acts_for_office:
        raise Forbidden("只有办公室工作人员可以补录过去的业务 (only office staff may backdate an action)")
    return at.astimezone(UTC)
