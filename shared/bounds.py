"""Bounded text and years: the office's one set of limits for what a person types.

`Text` is one line a person typed (a title, a name): stripped, not empty, free of control
characters (`shared.text.PRINTABLE`); `Text100` and the like bound its length. `LongText`
holds several lines (minutes, a note: line breaks and tabs allowed, NUL never, which
PostgreSQL refuses). Years are the office's years (`shared.business_time`: 1900–2200).
"""

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field, StringConstraints

from shared.business_time import FIRST_YEAR, LAST_YEAR
from shared.text import PRINTABLE

NO_NUL = r"^[^\x00]*$"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=PRINTABLE)]
Text100 = Annotated[Text, StringConstraints(max_length=100)]
Text200 = Annotated[Text, StringConstraints(max_length=200)]
Text500 = Annotated[Text, StringConstraints(max_length=500)]
Code = Annotated[Text, StringConstraints(max_length=20)]
"""A unit's or a room's code."""
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000, pattern=NO_NUL)
]
Note2000 = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
"""A note that may be empty, of several lines."""
Reason500 = Annotated[str, StringConstraints(max_length=500, pattern=PRINTABLE)]
"""A reason or remark that may be empty, one line."""

Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
"""A year in a body or a query model (`year: Year | None = Field(None, description=...)`)."""
YearQuery = Annotated[int, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="year on the office's calendar")]
YearFilter = Annotated[
    int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="year on the office's calendar (default: all)")
]
YearPath = Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR, description="year on the office's calendar")]
