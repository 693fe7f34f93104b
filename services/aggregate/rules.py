"""Which event moves which figure: one pure function per event type, in one table.

A rule answers what an event adds (`Tally`: a metric in the month of a business time,
for the event's unit and for all) and what it sets (`Setting`: a rank, a target).
Taking back (a cancellation, a withdrawal) is a negative tally, so the order in which
events arrive never changes the result.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from services.aggregate import metrics as M
from shared.contracts import IncomingRegistered
from shared.contracts.aggregate import ReportedEntered
from shared.contracts.docs import (
    MaterialRecorded,
    OutgoingChecked,
    OutgoingDispatched,
    OutgoingReturned,
    OutgoingSubmitted,
    SupervisionCompleted,
    SupervisionCreated,
    SupervisionOverdue,
)
from shared.contracts.infoscore import (
    AdoptionRecorded,
    AdoptionWithdrawn,
    AssessmentRecorded,
    DisclosurePublished,
    SubmissionReceived,
    TargetSet,
)
from shared.contracts.logistics import (
    InspectionCompleted,
    InspectionMissed,
    LogisticsEvent,
    ReceptionRecorded,
    SubscriptionPlaced,
    SupplyPurchased,
    SupplyRequisitioned,
    TicketOpened,
    TicketResolved,
    TripCompleted,
)
from shared.contracts.meetings import (
    MeetingCancelled,
    MeetingFacts,
    MeetingScheduled,
)
from shared.contracts.notify import DeliveryDeadLettered, MailDeadLettered
from shared.envelope import Envelope
from shared.meeting_groups import meeting_groups as shared_groups


@dataclass(frozen=True)
class Tally:
    metric: M.Metric
    when: datetime
    unit: str | None
    amount: int = 1


@dataclass(frozen=True)
class Setting:
    metric: M.Metric
    year: int
    unit: str | None
    value: int
    at: datetime


@dataclass(frozen=True)
class Entry:
    """A reported figure (填报数) as entered: the latest entry for a metric, year and unit wins."""

    metric: str
    year: int
    unit: str | None
    value: str
    note: str | None
    entered_by: str
    at: datetime


Effect = Tally | Setting | Entry
Rule = Callable[[Envelope], list[Effect]]


ONLINE_PARTS: dict[str, M.ReceivedPart] = {"oa": "oa", "intranet": "intranet"}


def received_part(*, channel: str, classification: str) -> M.ReceivedPart:
    """The part of 收文 a document counts in: 密件 first, then by channel; the parts add up."""
    if classification != "none":
        return "classified"
    return ONLINE_PARTS.get(channel, "paper_email")


def incoming_registered(envelope: Envelope) -> list[Effect]:
    event = IncomingRegistered.from_envelope(envelope)
    part = received_part(channel=event.channel, classification=event.classification)
    return [
        Tally(M.RECEIVED_TOTAL, event.received_at, event.unit),
        Tally(M.received(part), event.received_at, event.unit),
    ]


def outgoing_dispatched(envelope: Envelope) -> list[Effect]:
    event = OutgoingDispatched.from_envelope(envelope)
    return [Tally(M.SENT_TOTAL, event.dispatched_at, event.drafting_unit)]


UPWARD_KINDS = frozenset({"report", "request"})  # 报告、请示: what goes up to the provincial committee


def outgoing_returned(envelope: Envelope) -> list[Effect]:
    """Every return counts, in the month it happened (the office is judged on the rate)."""
    event = OutgoingReturned.from_envelope(envelope)
    effects: list[Effect] = [Tally(M.RETURNED, event.returned_at, event.drafting_unit)]
    if event.return_count == 1:  # a document returned at least once, counted once
        effects.append(Tally(M.RETURNED_DOCUMENTS, event.returned_at, event.drafting_unit))
    if event.kind in UPWARD_KINDS:
        effects.append(Tally(M.RETURNED_UPWARD, event.returned_at, event.drafting_unit))
    return effects


def outgoing_submitted(envelope: Envelope) -> list[Effect]:
    """Drafts submitted for review the first time: what the return rate is taken of."""
    event = OutgoingSubmitted.from_envelope(envelope)
    if event.submission != 1:
        return []
    return [Tally(M.SUBMITTED, event.at, event.drafting_unit)]


def outgoing_checked(envelope: Envelope) -> list[Effect]:
    """Format checks (公文格式问题): the findings by the field of the document they concern, and the
    problems found (new since the draft's last check) and fixed, in total and by kind."""
    event = OutgoingChecked.from_envelope(envelope)
    effects: list[Effect] = [Tally(M.FORMAT_CHECKS, event.at, event.drafting_unit)]
    if event.codes:
        effects.append(Tally(M.FORMAT_FINDINGS, event.at, event.drafting_unit, len(event.codes)))
    for field in event.fields:
        effects.append(Tally(M.format_field(field), event.at, event.drafting_unit))
    problems: dict[Literal["found", "fixed"], dict[str, int]] = {
        "found": event.new_by_kind,
        "fixed": event.fixed_by_kind,
    }
    for verb, kinds in problems.items():
        if sum(kinds.values()):
            effects.append(Tally(M.format_problems(verb), event.at, event.drafting_unit, sum(kinds.values())))
        effects += [
            Tally(M.format_problems(verb, k), event.at, event.drafting_unit, n) for k, n in kinds.items() if n
        ]
    return effects


def material_recorded(envelope: Envelope) -> list[Effect]:
    """综合材料 by kind; a regulation revised (修订制度) counts apart from them."""
    event = MaterialRecorded.from_envelope(envelope)
    metric = M.REGULATIONS if event.kind == "regulation" else M.MATERIALS
    return [Tally(metric, event.completed_at, event.unit)]


def supervision_created(envelope: Envelope) -> list[Effect]:
    event = SupervisionCreated.from_envelope(envelope)
    return [
        Tally(M.SUPERVISION_CREATED, event.created_at, event.assignee_unit),
        Tally(M.supervision_source(event.source, "created"), event.created_at, event.assignee_unit),
    ]


def supervision_completed(envelope: Envelope) -> list[Effect]:
    event = SupervisionCompleted.from_envelope(envelope)
    effects: list[Effect] = [Tally(M.SUPERVISION_COMPLETED, event.completed_at, event.assignee_unit)]
    if event.source is not None:
        metric = M.supervision_source(event.source, "completed")
        effects.append(Tally(metric, event.completed_at, event.assignee_unit))
    return effects


def supervision_overdue(envelope: Envelope) -> list[Effect]:
    """Each late item once (docs flags it once), in the month it became late."""
    event = SupervisionOverdue.from_envelope(envelope)
    return [Tally(M.SUPERVISION_OVERDUE, event.overdue_at, event.assignee_unit)]


def submission_received(envelope: Envelope) -> list[Effect]:
    event = SubmissionReceived.from_envelope(envelope)
    effects: list[Effect] = [Tally(M.INFO_SUBMITTED, event.submitted_at, event.unit)]
    if event.category == "party":
        effects.append(Tally(M.INFO_PARTY_SUBMITTED, event.submitted_at, event.unit))
    return effects


def _adoption(event: AdoptionRecorded | AdoptionWithdrawn, sign: int) -> list[Effect]:
    return [
        Tally(M.INFO_ADOPTED, event.adopted_at, event.unit, sign),
        Tally(M.INFO_POINTS, event.adopted_at, event.unit, sign * event.points),
        Tally(M.points_at(event.level), event.adopted_at, event.unit, sign * event.points),
    ]


def adoption_recorded(envelope: Envelope) -> list[Effect]:
    return _adoption(AdoptionRecorded.from_envelope(envelope), +1)


def adoption_withdrawn(envelope: Envelope) -> list[Effect]:
    """Takes the adoption back from the month it was counted in."""
    return _adoption(AdoptionWithdrawn.from_envelope(envelope), -1)


def target_set(envelope: Envelope) -> list[Effect]:
    event = TargetSet.from_envelope(envelope)
    return [
        Setting(M.TARGET_PARTY, event.year, event.unit, event.party, envelope.time),
        Setting(M.TARGET_POINTS, event.year, event.unit, event.points, envelope.time),
    ]


def assessment_recorded(envelope: Envelope) -> list[Effect]:
    event = AssessmentRecorded.from_envelope(envelope)
    return [Setting(M.REGION_RANK, event.year, None, event.rank, envelope.time)]


def disclosure_published(envelope: Envelope) -> list[Effect]:
    event = DisclosurePublished.from_envelope(envelope)
    return [Tally(M.INFO_DISCLOSURES, event.published_at, envelope.unit)]


def meeting_groups(event: MeetingFacts) -> list[M.Metric]:
    """The statistics groups a meeting counts in (`shared.meeting_groups`), and its kind."""
    groups = shared_groups(
        event.kind, provincial_stat=event.provincial_stat, external_units=event.external_units
    )
    return [M.MEETING_GROUPS[g] for g in groups] + [M.meeting_kind(event.kind)]


def _meeting(event: MeetingScheduled | MeetingCancelled, sign: int) -> list[Effect]:
    effects: list[Effect] = [Tally(g, event.start, event.organizer_unit, sign) for g in meeting_groups(event)]
    if event.kind == "reminder_talk":  # 个人谈话提醒: counted in 人次, each person talked to
        people = sign * len(event.attendees)
        effects.append(Tally(M.REMINDER_TALK_PEOPLE, event.start, event.organizer_unit, people))
    return effects


def meeting_scheduled(envelope: Envelope) -> list[Effect]:
    return _meeting(MeetingScheduled.from_envelope(envelope), +1)


def meeting_cancelled(envelope: Envelope) -> list[Effect]:
    """A cancelled meeting counts nowhere: take back what its scheduling added."""
    return _meeting(MeetingCancelled.from_envelope(envelope), -1)


def _count(metric: M.Metric, when: Callable[[Any], datetime], contract: type[LogisticsEvent]) -> Rule:
    """A rule that counts one for each event, in the month of one of its times."""

    def rule(envelope: Envelope) -> list[Effect]:
        event = contract.from_envelope(envelope)
        return [Tally(metric, when(event), event.unit)]

    return rule


def _one_more(
    count: M.Metric, total: M.Metric, amount: int, when: datetime, unit: str | None
) -> list[Effect]:
    """One more of `count`, and `amount` more of its `total` (km, guests, copies, minutes)."""
    return [Tally(count, when, unit), Tally(total, when, unit, amount)]


def trip_completed(envelope: Envelope) -> list[Effect]:
    event = TripCompleted.from_envelope(envelope)
    return _one_more(M.TRIPS, M.MILEAGE_KM, event.mileage_km, event.start, event.unit)


def reception_recorded(envelope: Envelope) -> list[Effect]:
    event = ReceptionRecorded.from_envelope(envelope)
    return _one_more(M.RECEPTIONS, M.RECEPTION_GUESTS, event.headcount, event.start, event.unit)


def subscription_placed(envelope: Envelope) -> list[Effect]:
    """Counted in the year subscribed for (征订 happens in the autumn before it)."""
    event = SubscriptionPlaced.from_envelope(envelope)
    mid_year = datetime(event.year, 7, 1, tzinfo=UTC)
    return _one_more(M.SUBSCRIPTIONS, M.SUBSCRIPTION_COPIES, event.copies, mid_year, event.unit)


def ticket_resolved(envelope: Envelope) -> list[Effect]:
    event = TicketResolved.from_envelope(envelope)
    return _one_more(
        M.TICKETS_RESOLVED, M.TICKETS_RESOLVE_MINUTES, event.resolve_minutes, event.at, event.unit
    )


def delivery_dead_lettered(envelope: Envelope) -> list[Effect]:
    """Webhook deliveries that failed for good: a health figure of the notifications."""
    event = DeliveryDeadLettered.from_envelope(envelope)
    return [Tally(M.DEAD_LETTERS, envelope.time, event.unit)]


def mail_dead_lettered(envelope: Envelope) -> list[Effect]:
    """Mails given up: the other health figure of the notifications."""
    event = MailDeadLettered.from_envelope(envelope)
    return [Tally(M.MAILS_DEAD, envelope.time, event.unit)]


def reported_entered(envelope: Envelope) -> list[Effect]:
    """A figure entered by office staff (aggregate's own event): kept as entered, replacing earlier ones."""
    event = ReportedEntered.from_envelope(envelope)
    return [
        Entry(
            event.metric, event.year, event.unit, event.value, event.note, event.entered_by, event.entered_at
        )
    ]


def _at(event: Any) -> datetime:
    return event.at  # type: ignore[no-any-return]


RULES: dict[str, Rule] = {
    IncomingRegistered.event_type(): incoming_registered,
    OutgoingDispatched.event_type(): outgoing_dispatched,
    OutgoingReturned.event_type(): outgoing_returned,
    OutgoingSubmitted.event_type(): outgoing_submitted,
    OutgoingChecked.event_type(): outgoing_checked,
    MaterialRecorded.event_type(): material_recorded,
    SupervisionCreated.event_type(): supervision_created,
    SupervisionCompleted.event_type(): supervision_completed,
    SupervisionOverdue.event_type(): supervision_overdue,
    SubmissionReceived.event_type(): submission_received,
    AdoptionRecorded.event_type(): adoption_recorded,
    AdoptionWithdrawn.event_type(): adoption_withdrawn,
    TargetSet.event_type(): target_set,
    AssessmentRecorded.event_type(): assessment_recorded,
    DisclosurePublished.event_type(): disclosure_published,
    MeetingScheduled.event_type(): meeting_scheduled,
    MeetingCancelled.event_type(): meeting_cancelled,
    TripCompleted.event_type(): trip_completed,
    ReceptionRecorded.event_type(): reception_recorded,
    SupplyPurchased.event_type(): _count(M.PURCHASES, _at, SupplyPurchased),
    SupplyRequisitioned.event_type(): _count(M.REQUISITIONS, _at, SupplyRequisitioned),
    SubscriptionPlaced.event_type(): subscription_placed,
    TicketOpened.event_type(): _count(M.TICKETS_OPENED, _at, TicketOpened),
    TicketResolved.event_type(): ticket_resolved,
    InspectionCompleted.event_type(): _count(M.INSPECTIONS, _at, InspectionCompleted),
    InspectionMissed.event_type(): _count(M.INSPECTIONS_MISSED, _at, InspectionMissed),
    DeliveryDeadLettered.event_type(): delivery_dead_lettered,
    MailDeadLettered.event_type(): mail_dead_lettered,
    ReportedEntered.event_type(): reported_entered,
}
