"""What every infoscore sub-domain shares: the office's roles, the bound of a count, its calendar."""

from datetime import datetime
from zoneinfo import ZoneInfo

OFFICE = ("staff", "admin")
MAX_COUNT = 1_000_000


def year_month(moment: datetime, timezone: ZoneInfo) -> tuple[int, int]:
    """The year and month of a moment on the office's calendar (not UTC's)."""
    local = moment.astimezone(timezone)
    return local.year, local.month
