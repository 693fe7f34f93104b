"""What every route module of the service shares: path and query parameters."""

from typing import Annotated

from fastapi import Path, Query

from shared.text import PRINTABLE

MeetingId = Annotated[str, Path(min_length=1, max_length=32, pattern=PRINTABLE)]
CodeInPath = Annotated[str, Path(min_length=1, max_length=20, pattern=PRINTABLE)]
CodeInQuery = Annotated[str | None, Query(min_length=1, max_length=20, pattern=PRINTABLE)]
