"""Calendar periods of a cadence in the office's calendar: weeks from Monday, months, quarters, years."""

from datetime import date, timedelta

from shared.contracts.logistics import Cadence


def period_start(day: date, cadence: Cadence) -> date:
    """The first day of the period that holds `day`."""
    if cadence == "weekly":
        return day - timedelta(days=day.weekday())
    if cadence == "monthly":
        return day.replace(day=1)
    if cadence == "quarterly":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def next_period(start: date, cadence: Cadence) -> date:
    """The first day of the period after the one starting at `start`."""
    if cadence == "weekly":
        return start + timedelta(days=7)
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}[cadence]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def elapsed_since(first: date, today: date, cadence: Cadence) -> list[tuple[date, date]]:
    """Periods from the one holding `first` that ended by `today`: (start, first day after)."""
    periods = []
    start = period_start(first, cadence)
    while (end := next_period(start, cadence)) <= today:
        periods.append((start, end))
        start = end
    return periods
