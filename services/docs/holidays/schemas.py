"""Requests and answers of the office's holiday arrangement (节假日安排)."""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, model_validator

from shared.contracts.calendar import HolidayDay
from shared.text import PRINTABLE
from shared.types import OfficeTime

MAX_DAYS = 120  # days off of a year: the seven holidays with their weekends, and then some


HolidayName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=PRINTABLE)
]
Notice = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100, pattern=PRINTABLE)]


class Holiday(HolidayDay):
    name: HolidayName


class ArrangementWrite(BaseModel):
    """A year as the State Council's notice gives it: the days off by holiday, and the make-up days."""

    holidays: list[Holiday] = Field(min_length=1, max_length=MAX_DAYS)
    workdays: list[date] = Field(default_factory=list, max_length=20)
    source: Notice | None = Field(None, description="通知文号，如 国办发明电〔2026〕…号")

    @model_validator(mode="after")
    def _each_day_once(self) -> "ArrangementWrite":
        days = [h.date for h in self.holidays] + self.workdays
        if len(days) != len(set(days)):
            raise ValueError("同一日期重复列出，或既是假日又是调休工作日 (a day is listed twice)")
        return self


class ArrangementRead(BaseModel):
    year: int
    holidays: list[HolidayDay]
    workdays: list[date]
    source: str | None
    entered_by: str | None  # None for a year shipped in the holidays file
    entered_at: OfficeTime | None
