"""What every infoscore sub-domain shares: the office calendar, bounded input types, roles."""

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Path
from pydantic import AfterValidator, StringConstraints

OFFICE = ("staff", "admin")
MAX_COUNT = 1_000_000


def _printable(text: str) -> str:
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        raise ValueError("不能包含控制字符 (control characters are not allowed)")
    return text


Text200 = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_printable)
]
Text100 = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), AfterValidator(_printable)
]
Text40 = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40), AfterValidator(_printable)
]
LongText = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_printable)]
UnitPath = Annotated[str, Path(min_length=1, max_length=20, description="unit code")]


def year_month(moment: datetime, timezone: ZoneInfo) -> tuple[int, int]:
    """The year and month of a moment on the office's calendar (not UTC's)."""
    local = moment.astimezone(timezone)
    return local.year, local.month


IdPath = Annotated[str, Path(min_length=1, max_length=32, description="record id")]
