"""What free text the services accept: no control characters (PostgreSQL refuses NUL,
spreadsheets refuse the rest, and no real title or name has one), and dates as a person reads them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
NO_NUL = r"^[^\x00]*$"
REFUSED = {
    PRINTABLE: "不能包含换行符或控制字符 (no line breaks or control characters)",
    NO_NUL: "不能包含空字符 (must not contain NUL)",
}
"""What a person is told when their text breaks one of the two patterns."""


def chinese_date(day: date) -> str:
    """A date as the office writes it: 2022年10月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_time(moment: datetime, timezone: ZoneInfo) -> str:
    """A moment on the office's clock as the office writes it: 2022年6月1日 09:00."""
    local = moment.astimezone(timezone)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def chinese_span(start: datetime, end: datetime, timezone: ZoneInfo) -> str:
    """A period on the office's clock: 2022年6月1日 09:00至11:00 (the end's date only when it differs)."""
    first, last = start.astimezone(timezone), end.astimezone(timezone)
    until = f"{last:%H:%M}" if last.date() == first.date() else chinese_time(last, timezone)
    return f"{chinese_time(first, timezone)}至{until}"
