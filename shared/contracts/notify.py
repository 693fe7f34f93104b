"""Events the notify service publishes (what it republishes on `units.>` are other services' events)."""

from typing import ClassVar

from shared.contracts.base import EventData


class DeliveryDeadLettered(EventData):
    """A webhook delivery kept failing and was put on the dead-letter list (an operator may retry it)."""

    service: ClassVar[str] = "notify"
    entity: ClassVar[str] = "delivery"
    action: ClassVar[str] = "dead_lettered"

    id: int  # the delivery
    webhook_id: int
    unit: str
    url: str
    event_id: str  # the event that was not delivered
    undelivered_type: str  # the type of that event
    attempts: int
    last_status: int | None = None
    last_error: str | None = None
