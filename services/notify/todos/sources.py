"""Which consumed events open and close to-do items, and whose each item is.

- 收文办理: `incoming.assigned` (and `urged`, with a new due date) opens it for the lead
  unit; `incoming.completed` closes it. A reassignment moves it to the new lead unit.
- 发文审核: `outgoing.submitted` opens it for the office's reviewers; `approved` and
  `returned` close it. `returned` opens 修改 for the drafting unit, closed by the next
  `submitted`. `approved` opens 签发 for the office's leaders, closed by `signed`.
- 督办: `supervision.created` opens it for the assignee unit (due its deadline), closed by
  `supervision.completed`; one made from a meeting decision closes that decision's item.
- 会议决定事项: `decision.recorded` opens it for the assignee unit.
- 用车审批 (`trip.requested`) for the office, closed by approved, rejected or cancelled;
  换班审批 (`duty.swap_requested`) for the office's leaders, closed by approved or rejected.
"""

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.todos.service import Item, Step, close_item, open_item
from shared.contracts import docs, logistics, meetings
from shared.contracts.base import EventData
from shared.envelope import Envelope
from shared.telemetry import log
from shared.text import chinese_date, chinese_time


@dataclass(frozen=True)
class Opens:
    step: Step
    item: Item


@dataclass(frozen=True)
class Closes:
    step: Step
    outcome: str


Change = Opens | Closes


@dataclass(frozen=True)
class Office:
    """What the sources need to know of the office: its unit code and time zone."""

    unit: str
    timezone: ZoneInfo


def _incoming(e: docs.IncomingAssigned | docs.IncomingUrged, _o: Office) -> list[Change]:
    item = Item(label=f"收文办理：{e.reg_no}", unit=e.lead_unit, due=e.due)
    return [Opens(Step("incoming", e.id, "handle"), item)]


def _incoming_completed(e: docs.IncomingCompleted, _o: Office) -> list[Change]:
    return [Closes(Step("incoming", e.id, "handle"), "completed")]


def _draft(e: docs.OutgoingEvent) -> str:
    return f"{e.issuer_code}（{e.drafting_unit}）"


def _submitted(e: docs.OutgoingSubmitted, o: Office) -> list[Change]:
    review = Item(label=f"发文审核：{_draft(e)}", unit=o.unit, role="reviewer")
    return [
        Closes(Step("outgoing", e.id, "revise"), "submitted"),
        Opens(Step("outgoing", e.id, "review"), review),
    ]


def _returned(e: docs.OutgoingReturned, _o: Office) -> list[Change]:
    revise = Item(label=f"发文退回修改：{_draft(e)}", unit=e.drafting_unit)
    return [
        Closes(Step("outgoing", e.id, "review"), "returned"),
        Opens(Step("outgoing", e.id, "revise"), revise),
    ]


def _approved(e: docs.OutgoingApproved, o: Office) -> list[Change]:
    sign = Item(label=f"发文签发：{_draft(e)}", unit=o.unit, role="signer")
    return [Closes(Step("outgoing", e.id, "review"), "approved"), Opens(Step("outgoing", e.id, "sign"), sign)]


def _signed(e: docs.OutgoingSigned, _o: Office) -> list[Change]:
    return [Closes(Step("outgoing", e.id, "sign"), "signed")]


def _supervision(e: docs.SupervisionCreated, _o: Office) -> list[Change]:
    item = Item(label=f"督办事项：{e.title}", unit=e.assignee_unit, due=e.deadline)
    changes: list[Change] = [Opens(Step("supervision", e.id, "handle"), item)]
    if e.decision_id:
        changes.append(Closes(Step("decision", e.decision_id, "handle"), "supervised"))
    return changes


def _supervision_completed(e: docs.SupervisionCompleted, _o: Office) -> list[Change]:
    return [Closes(Step("supervision", e.id, "handle"), "completed")]


def _decision(e: meetings.DecisionRecorded, _o: Office) -> list[Change]:
    item = Item(label=f"会议决定事项：{e.title}", unit=e.assignee_unit, due=e.due)
    return [Opens(Step("decision", e.id, "handle"), item)]


def _trip(e: logistics.TripRequested, o: Office) -> list[Change]:
    start = e.start.astimezone(o.timezone)
    item = Item(label=f"用车审批：{e.unit} {chinese_time(start, o.timezone)} {e.purpose}", unit=o.unit,
                role="office", due=start.date())  # fmt: skip
    return [Opens(Step("trip", e.id, "approve"), item)]


def _trip_closed(outcome: str) -> Callable[[logistics.TripEvent, Office], list[Change]]:
    return lambda e, _o: [Closes(Step("trip", e.id, "approve"), outcome)]


def _swap(e: logistics.DutySwapRequested, o: Office) -> list[Change]:
    item = Item(label=f"换班审批：{chinese_date(e.date)} {e.from_person} → {e.with_person}", unit=o.unit,
                role="signer", due=e.date)  # fmt: skip
    return [Opens(Step("swap", e.id, "approve"), item)]


def _swap_closed(outcome: str) -> Callable[[logistics.DutySwapEvent, Office], list[Change]]:
    return lambda e, _o: [Closes(Step("swap", e.id, "approve"), outcome)]


Source = tuple[type[EventData], Callable[..., list[Change]]]
SOURCES: dict[str, Source] = {
    docs.IncomingAssigned.subject(): (docs.IncomingAssigned, _incoming),
    docs.IncomingUrged.subject(): (docs.IncomingUrged, _incoming),
    docs.IncomingCompleted.subject(): (docs.IncomingCompleted, _incoming_completed),
    docs.OutgoingSubmitted.subject(): (docs.OutgoingSubmitted, _submitted),
    docs.OutgoingReturned.subject(): (docs.OutgoingReturned, _returned),
    docs.OutgoingApproved.subject(): (docs.OutgoingApproved, _approved),
    docs.OutgoingSigned.subject(): (docs.OutgoingSigned, _signed),
    docs.SupervisionCreated.subject(): (docs.SupervisionCreated, _supervision),
    docs.SupervisionCompleted.subject(): (docs.SupervisionCompleted, _supervision_completed),
    meetings.DecisionRecorded.subject(): (meetings.DecisionRecorded, _decision),
    logistics.TripRequested.subject(): (logistics.TripRequested, _trip),
    logistics.TripApproved.subject(): (logistics.TripApproved, _trip_closed("approved")),
    logistics.TripRejected.subject(): (logistics.TripRejected, _trip_closed("rejected")),
    logistics.TripCancelled.subject(): (logistics.TripCancelled, _trip_closed("cancelled")),
    logistics.DutySwapRequested.subject(): (logistics.DutySwapRequested, _swap),
    logistics.DutySwapApproved.subject(): (logistics.DutySwapApproved, _swap_closed("approved")),
    logistics.DutySwapRejected.subject(): (logistics.DutySwapRejected, _swap_closed("rejected")),
}


async def apply(session: AsyncSession, *, envelope: Envelope, office: Office) -> None:
    """Opens and closes the items this event asks for (most types: none)."""
    source = SOURCES.get(envelope.nats_subject)
    if source is None or envelope.version != 1:
        return
    contract, changes_of = source
    try:
        changes = changes_of(contract.model_validate(envelope.data), office)
    except ValidationError as exc:  # the inbox still tells it; only its to-do item is lost
        log.warning("event without what its to-do item needs", event_id=envelope.id, error=str(exc)[:500])
        return
    for change in changes:
        if isinstance(change, Opens):
            await open_item(session, step=change.step, item=change.item, at=envelope.time)
        else:
            await close_item(session, step=change.step, outcome=change.outcome, at=envelope.time)
