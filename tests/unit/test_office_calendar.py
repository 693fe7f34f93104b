"""The office's working-day calendar: the shipped years agree with the State Council's notices
(as the chinese-calendar package carries them), and a year nobody entered is refused."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from shared.calendar import Arrangement, OfficeCalendar, YearNotArranged, shipped
from shared.settings import SAMPLE_HOLIDAYS_FILE


def office_calendar() -> OfficeCalendar:
    return OfficeCalendar(shipped(SAMPLE_HOLIDAYS_FILE))


def test_every_shipped_day_is_a_working_day_exactly_when_the_notice_says_so() -> None:
    calendar = office_calendar()
    day, last = date(2004, 1, 1), date(2026, 12, 31)
    while day <= last:
        assert calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_the_shipped_years_name_their_holidays_in_chinese() -> None:
    calendar = office_calendar()
    assert calendar.holiday_name(date(2026, 2, 17)) == "春节"
    assert calendar.holiday_name(date(2022, 10, 3)) == "国庆节"
    assert calendar.holiday_name(date(2022, 10, 8)) is None  # a make-up working Saturday


def test_a_year_nobody_entered_is_refused_with_the_year_named() -> None:
    calendar = office_calendar()
    with pytest.raises(YearNotArranged) as refused:
        calendar.add_working_days(date(2026, 12, 24), 10)
    assert refused.value.year == 2027
    assert "2027" in refused.value.detail and refused.value.status == 409


def test_an_entered_year_counts_its_holidays_and_make_up_days() -> None:
    spring = {date(2027, 2, d): "春节" for d in range(5, 12)}
    entered = Arrangement(year=2027, holidays=spring, workdays=[date(2027, 2, 13)])
    calendar = OfficeCalendar([*shipped(SAMPLE_HOLIDAYS_FILE), entered])
    assert calendar.next_workday(date(2027, 2, 5)) == date(2027, 2, 12)
    assert calendar.is_workday(date(2027, 2, 13))  # a Saturday made a working day
    assert calendar.add_working_days(date(2027, 2, 4), 2) == date(2027, 2, 13)
    assert calendar.working_days_between(date(2027, 2, 4), date(2027, 2, 15)) == 3


def test_from_december_a_missing_next_year_is_a_warning() -> None:
    calendar = office_calendar()
    assert calendar.warning(date(2026, 11, 30)) is None
    assert "2027" in (calendar.warning(date(2026, 12, 1)) or "")
    assert calendar.warning(date(2025, 12, 1)) is None  # 2026 is shipped
