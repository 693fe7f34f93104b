"""What the aggregate consumes: every domain event on `office.>`."""

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate import service
from shared.consumer import ConsumerSpec, Handler
from shared.contracts import IncomingRegistered
from shared.envelope import Envelope

DURABLE = "aggregate"


def consumers(*, timezone: str, subject_root: str = "office") -> list[ConsumerSpec]:
    tz = ZoneInfo(timezone)

    async def on_incoming_registered(session: AsyncSession, envelope: Envelope) -> None:
        service.apply_incoming_registered(session, IncomingRegistered.from_envelope(envelope), tz)

    handlers: dict[str, Handler] = {
        IncomingRegistered.event_type(subject_root): on_incoming_registered,
    }
    return [
        ConsumerSpec(
            durable=DURABLE,
            subjects=[f"{subject_root}.>"],
            handlers=handlers,
            before_commit=service.flush_tallies,
        )
    ]
