"""What notify's projections (reminders, to-dos) share: how events are ordered."""

from collections.abc import Iterable
from datetime import datetime


def outdated(source_times: Iterable[datetime], at: datetime) -> bool:
    """An event at `at` is older than what last set the record's rows (redelivery at the same time is not)."""
    return any(kept > at for kept in source_times)
