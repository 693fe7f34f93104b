"""Events the aggregate service publishes: figures entered by office staff (填报数)."""

from datetime import datetime
from typing import ClassVar

from shared.contracts.base import EventData


class ReportedEntered(EventData):
    """A reported figure of a year was entered; a later one for the same metric and unit replaces it.

    `value` is the figure as text in its canonical form (`12`, `3560.50`); `unit` is None for
    the whole department. The aggregate consumes its own event, so a rebuild keeps every entry.
    """

    service: ClassVar[str] = "aggregate"
    entity: ClassVar[str] = "reported"
    action: ClassVar[str] = "entered"

    year: int
    metric: str
    unit: str | None = None
    value: str
    note: str | None = None
    entered_by: str
    entered_at: datetime
