"""Bounded text, codes, ids and years: the office's one set of limits for what a caller sends.

`line(n)` is one line a person typed (a title, a name): stripped, not empty, at most `n`
characters, free of control characters (`shared.text.PRINTABLE`). `lines(n)` holds several
(minutes, a note: line breaks and tabs allowed, NUL never, which PostgreSQL refuses). Every
string a route takes, in its body, path, query or headers, is one of these or an enum: the
OpenAPI document then says each one's bounds, and no string reaches a database it cannot be
written to (tests/unit/test_openapi.py). Years are the office's years (`shared.business_time`:
1900–2200).
"""

from typing import Annotated

from fastapi import Path, Query
from pydantic import BeforeValidator, Field, StringConstraints

from shared.business_time import FIRST_YEAR, LAST_YEAR
from shared.text import NO_NUL, PRINTABLE

CODE_LENGTH = 20  # a unit's or a room's code
ID_LENGTH = 32  # a record's id (`shared.ids`: 30 characters)


def line(max_length: int, *, min_length: int = 1) -> StringConstraints:
    """One line of at most `max_length` characters, stripped; `min_length=0` lets it be empty."""
    return StringConstraints(
        strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=PRINTABLE
    )


def lines(max_length: int, *, min_length: int = 1, strip: bool = True) -> StringConstraints:
    """Several lines of at most `max_length` characters in all, never a NUL; `strip=False` keeps
    the spaces a text begins with (a document's indented first paragraph)."""
    return StringConstraints(
        strip_whitespace=strip, min_length=min_length, max_length=max_length, pattern=NO_NUL
    )


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=PRINTABLE)]
Text10 = Annotated[str, line(10)]
Text20 = Annotated[str, line(20)]
Text40 = Annotated[str, line(40)]
Text50 = Annotated[str, line(50)]
Text100 = Annotated[str, line(100)]
Text200 = Annotated[str, line(200)]
Text500 = Annotated[str, line(500)]
Code = Annotated[str, line(CODE_LENGTH)]
"""A unit's or a room's code."""
RecordId = Annotated[str, line(ID_LENGTH)]
"""A record's id in a body (the vehicle of a trip)."""
LongText = Annotated[str, lines(20_000)]
Text2000 = Annotated[str, lines(2000)]
"""A description of several lines, not empty."""
Note2000 = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
"""A note that may be empty, of several lines."""
Reason500 = Annotated[str, StringConstraints(max_length=500, pattern=PRINTABLE)]
"""A reason or remark that may be empty, one line."""

CodePath = Annotated[
    str, Path(min_length=1, max_length=CODE_LENGTH, pattern=PRINTABLE, description="unit code")
]
RECORD_ID = r"^[0-9A-Za-z]+$"  # `shared.ids.new_id`: hex
IdPath = Annotated[str, Path(min_length=1, max_length=ID_LENGTH, pattern=RECORD_ID, description="record id")]


def absent_if_empty(value: object) -> object:
    """An empty parameter (`?unit=`) as none given."""
    return None if value == "" else value


CodeQuery = Annotated[
    str | None, Query(max_length=CODE_LENGTH, pattern=PRINTABLE), BeforeValidator(absent_if_empty)
]
"""A unit's or a room's code to filter by; empty (a form's 全办) or absent: none."""

MaybeCode = Annotated[Code | None, BeforeValidator(absent_if_empty)]
"""A unit's code a change is for or a list is filtered by; empty (a form's 全办) or absent: none."""
MaybeRecordId = Annotated[RecordId | None, BeforeValidator(absent_if_empty)]
"""A record's id a list is filtered by (the vehicle of `GET /trips`); empty or absent: none."""

Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
"""A year in a body or a query model (`year: Year | None = Field(None, description=...)`)."""
YearQuery = Annotated[int, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="year on the office's calendar")]
YearFilter = Annotated[
    int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="year on the office's calendar (default: all)")
]
YearPath = Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR, description="year on the office's calendar")]
