"""What the notify service consumes (every event on `office.>`) and what it makes of each.

One handler for every type (`ConsumerSpec.default`): `rules.route` reads the table,
then, in the transaction that records the event as consumed, the event is

- republished to each unit it concerns (`units.<code>.<service>.<entity>.<action>`,
  through this service's outbox),
- queued for those units' webhooks that want its type,
- put in the inbox of the units and people the table names (listed types only), and
  queued as e-mail to those of them with an address (when SMTP is configured),
- turned into reminders, when it sets, moves or ends a due date (`reminders/sources.py`),
- turned into to-do items, when it lands work on a unit or finishes it (`todos/sources.py`),
- kept as the office's holiday arrangement, when docs enters a year (`calendar_years`).

Notify's own events (`office.notify.*`, e.g. a reminder, a webhook delivery that died)
reach the inbox (and mail) only: a unit with a dead webhook is one that does not read NATS, and a dead
receiver must not feed itself more deliveries. (Their ids are also in this outbox
already, so they could not be staged again under the same id.)
"""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.notify import rules
from services.notify.inbox import service as inbox
from services.notify.mail import service as mail
from services.notify.models import CalendarYear
from services.notify.reminders import sources as reminders
from services.notify.todos import sources as todos
from services.notify.units import service as unit_deliveries
from services.notify.webhooks import service as webhooks
from shared import calendar
from shared.consumer import ConsumerSpec, Handler
from shared.contracts.calendar import CalendarArranged
from shared.envelope import Envelope
from shared.telemetry import log
from shared.units import UnitRegistry

DURABLE = "notify"


@dataclass(frozen=True)
class Notifying:
    """What notify makes of each event of the office's stream (the module's list above)."""

    units: UnitRegistry
    times: reminders.Times
    office: todos.Office
    mailing: mail.Mailing | None
    subject_root: str
    units_root: str

    async def on_event(self, session: AsyncSession, envelope: Envelope) -> None:
        routing = rules.route(envelope, timezone=self.times.timezone)
        if envelope.source != f"{self.subject_root}/notify":
            await self._deliver(session, envelope, routing)
        inbox.add_notifications(session, envelope=envelope, routing=routing)
        await mail.enqueue(session, envelope=envelope, routing=routing, mailing=self.mailing)
        if envelope.source == f"{self.subject_root}/notify":
            return
        await reminders.apply(session, envelope=envelope, times=self.times)
        await todos.apply(session, envelope=envelope, office=self.office)
        if envelope.nats_subject == CalendarArranged.subject(self.subject_root):
            await calendar.keep_arranged(session, CalendarYear, envelope)

    async def _deliver(self, session: AsyncSession, envelope: Envelope, routing: rules.Routing) -> None:
        """Republished to each unit the event concerns, and queued for their webhooks."""
        concerned = tuple(u for u in routing.units if unit_deliveries.deliverable(u, self.units))
        if len(concerned) < len(routing.units):
            log.warning("event names an unknown unit", event_id=envelope.id, units=routing.units)
        for unit in concerned:
            await unit_deliveries.stage_republish(session, root=self.units_root, unit=unit, envelope=envelope)
        await webhooks.enqueue(session, envelope=envelope, units=concerned)


def consumers(
    *,
    units: UnitRegistry,
    times: reminders.Times,
    office: todos.Office,
    mailing: mail.Mailing | None = None,
    subject_root: str = "office",
    units_root: str = "units",
    ack_wait_s: float = 30.0,
) -> list[ConsumerSpec]:
    notifying = Notifying(units, times, office, mailing, subject_root, units_root)
    handlers: dict[str, Handler] = {}
    spec = ConsumerSpec(
        durable=DURABLE,
        subjects=[f"{subject_root}.>"],
        handlers=handlers,
        default=notifying.on_event,
        ack_wait_s=ack_wait_s,
    )
    return [spec]
