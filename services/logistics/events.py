"""What the logistics service publishes (see shared.contracts.logistics) and consumes (the calendar)."""

from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics.models import CalendarYear
from shared import calendar
from shared.auth import Caller
from shared.consumer import ConsumerSpec, Handler
from shared.contracts.base import envelope_for
from shared.contracts.calendar import CalendarArranged
from shared.contracts.logistics import LogisticsEvent
from shared.envelope import Envelope


def envelope(data: LogisticsEvent, actor: Caller | str) -> Envelope:
    """The envelope of a logistics event: subject the record id, time the business time."""
    who = actor if isinstance(actor, str) else actor.sub
    return envelope_for(data, subject=data.id, unit=data.unit, actor=who, time=data.at)


def consumers(subject_root: str = "office") -> list[ConsumerSpec]:
    """The years of holidays docs enters, kept for duty rosters (durable `logistics`)."""

    async def on_arranged(session: AsyncSession, envelope: Envelope) -> None:
        await calendar.keep_arranged(session, CalendarYear, envelope)

    handlers: dict[str, Handler] = {CalendarArranged.event_type(subject_root): on_arranged}
    subjects = [CalendarArranged.subject(subject_root)]
    return [ConsumerSpec(durable="logistics", subjects=subjects, handlers=handlers)]
