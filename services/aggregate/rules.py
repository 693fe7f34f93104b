"""Which event moves which figure: one pure function per event type, in one table.

A rule answers what an event adds (`Tally`: a metric in the month of a business time,
for the event's unit and for all) and what it sets (`Setting`: a rank, a target).
Taking back (a cancellation, a withdrawal) is a negative tally, so the order in which
events arrive never changes the result.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from shared.contracts import IncomingRegistered
from shared.envelope import Envelope


@dataclass(frozen=True)
class Tally:
    metric: str
    when: datetime
    unit: str | None
    amount: int = 1


@dataclass(frozen=True)
class Setting:
    metric: str
    year: int
    unit: str | None
    value: int
    at: datetime


Effect = Tally | Setting
Rule = Callable[[Envelope], list[Effect]]


def received_part(*, channel: str, classification: str) -> str:
    """The part of 收文 a document counts in: 密件 first, then by channel; the parts add up."""
    if classification != "none":
        return "classified"
    if channel in ("oa", "intranet"):
        return channel
    return "paper_email"


def incoming_registered(envelope: Envelope) -> list[Effect]:
    event = IncomingRegistered.from_envelope(envelope)
    part = received_part(channel=event.channel, classification=event.classification)
    return [
        Tally("docs.received.total", event.received_at, event.unit),
        Tally(f"docs.received.{part}", event.received_at, event.unit),
    ]


RULES: dict[str, Rule] = {
    IncomingRegistered.event_type(): incoming_registered,
}
