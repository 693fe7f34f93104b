"""Types shared by every service: the column type of a moment, and how an answer writes one."""

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import PlainSerializer
from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from shared.business_time import office_zone


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC on every database (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give an offset")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def on_the_office_clock(moment: datetime) -> datetime:
    """An aware moment in the office's time zone (`OFFICE_TIMEZONE`), the same instant."""
    return moment.astimezone(office_zone()) if moment.tzinfo is not None else moment


OfficeTime = Annotated[datetime, PlainSerializer(on_the_office_clock, return_type=datetime)]
"""A moment in an answer: ISO 8601 with the office's offset (`2022-06-01T09:00:00+08:00`),
whether the record was just written or read back from the database (stored as UTC)."""
