"""What the logistics service publishes (see shared.contracts.logistics) and consumes (nothing)."""

from shared.auth import Caller
from shared.consumer import ConsumerSpec
from shared.contracts.base import envelope_for
from shared.contracts.logistics import LogisticsEvent
from shared.envelope import Envelope


def envelope(data: LogisticsEvent, actor: Caller | str) -> Envelope:
    """The envelope of a logistics event: subject the record id, time the business time."""
    who = actor if isinstance(actor, str) else actor.sub
    return envelope_for(data, subject=data.id, unit=data.unit, actor=who, time=data.at)


def consumers() -> list[ConsumerSpec]:
    return []
