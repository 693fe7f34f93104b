"""What every route module of the service shares: path parameters and the office's timezone."""

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Path, Query, Request

from shared.text import PRINTABLE

MeetingId = Annotated[str, Path(min_length=1, max_length=32, pattern=PRINTABLE)]
CodeInPath = Annotated[str, Path(min_length=1, max_length=20, pattern=PRINTABLE)]
CodeInQuery = Annotated[str | None, Query(min_length=1, max_length=20, pattern=PRINTABLE)]


def timezone_of(request: Request) -> ZoneInfo:
    """The office's calendar: years of statistics and recurring dates are counted in it."""
    return ZoneInfo(request.app.state.settings.timezone)
