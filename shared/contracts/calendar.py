"""The office's working-day calendar, entered in docs and kept by every service that counts working days."""

from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel

from shared.contracts.base import EventData


class HolidayDay(BaseModel):
    date: date
    name: str


class CalendarArranged(EventData):
    """A year's holiday arrangement (节假日安排) was entered or corrected; the latest replaces it."""

    service: ClassVar[str] = "docs"
    entity: ClassVar[str] = "calendar"
    action: ClassVar[str] = "arranged"

    year: int
    holidays: list[HolidayDay]
    workdays: list[date]  # make-up working days (调休) on a weekend
    source: str | None = None  # the notice (国办发明电〔2026〕…号)
    arranged_at: datetime
