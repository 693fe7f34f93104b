"""The aggregate's metric names: what the rules count, the layout reads and the queries rank.

A name is a `Metric` (a distinct type of `str`): the rules, the layout, the queries and the
dashboard take one from here, so a misspelt name is an import or mypy error, never a figure
that stays 0. Names made from an event's value (a part of 收文, a meeting kind, a level) come
from the functions below; `Prefix` names the families the layout reads whole.
"""

from typing import Literal, NewType

from shared.meeting_groups import MEETING_GROUPS as GROUPS

Metric = NewType("Metric", str)
Prefix = NewType("Prefix", str)

# 收文、发文、退回、格式、综合材料
RECEIVED_TOTAL = Metric("docs.received.total")
SENT_TOTAL = Metric("docs.sent.total")
RETURNED = Metric("docs.returned")
RETURNED_DOCUMENTS = Metric("docs.returned.documents")
RETURNED_UPWARD = Metric("docs.returned.upward")
SUBMITTED = Metric("docs.submitted")
FORMAT_CHECKS = Metric("docs.format.checks")
FORMAT_FINDINGS = Metric("docs.format.findings")
FORMAT_FIELD = Prefix("docs.format.field.")
MATERIALS = Metric("docs.materials")
REGULATIONS = Metric("docs.regulations")
# 督办
SUPERVISION_CREATED = Metric("docs.supervision.created")
SUPERVISION_COMPLETED = Metric("docs.supervision.completed")
SUPERVISION_OVERDUE = Metric("docs.supervision.overdue")
# 政务信息
INFO_SUBMITTED = Metric("infoscore.submitted")
INFO_PARTY_SUBMITTED = Metric("infoscore.party.submitted")
INFO_ADOPTED = Metric("infoscore.adopted")
INFO_POINTS = Metric("infoscore.points")
INFO_DISCLOSURES = Metric("infoscore.disclosures")
TARGET_PARTY = Metric("infoscore.target.party")
TARGET_POINTS = Metric("infoscore.target.points")
REGION_RANK = Metric("infoscore.region_rank")
# 会议
MEETINGS_TOTAL = Metric("meetings.total")
MEETINGS_PROVINCIAL_STAT = Metric("meetings.provincial_stat")
MEETINGS_WORKING = Metric("meetings.working")
MEETINGS_EXTERNAL_OTHER = Metric("meetings.external_other")
MEETINGS_PARTY_GROUP = Metric("meetings.party_group")
MEETINGS_OFFICE_AFFAIRS = Metric("meetings.office_affairs")
MEETINGS_PARTY_BUILDING = Metric("meetings.party_building")
REMINDER_TALK_PEOPLE = Metric("meetings.reminder_talk.people")
MEETING_KIND = Prefix("meetings.kind.")
# 后勤 and 通知: the layout answers each family whole, by the rest of the name
LOGISTICS = Prefix("logistics.")
TRIPS = Metric("logistics.trips")
MILEAGE_KM = Metric("logistics.mileage_km")
RECEPTIONS = Metric("logistics.receptions")
RECEPTION_GUESTS = Metric("logistics.reception_guests")
SUBSCRIPTIONS = Metric("logistics.subscriptions")
SUBSCRIPTION_COPIES = Metric("logistics.subscription_copies")
PURCHASES = Metric("logistics.purchases")
REQUISITIONS = Metric("logistics.requisitions")
TICKETS_OPENED = Metric("logistics.tickets.opened")
TICKETS_RESOLVED = Metric("logistics.tickets.resolved")
TICKETS_RESOLVE_MINUTES = Metric("logistics.tickets.resolve_minutes")
INSPECTIONS = Metric("logistics.inspections")
INSPECTIONS_MISSED = Metric("logistics.inspections.missed")
NOTIFY = Prefix("notify.")
DEAD_LETTERS = Metric("notify.dead_letters")
MAILS_DEAD = Metric("notify.mails_dead")

ReceivedPart = Literal["oa", "intranet", "paper_email", "classified"]
RECEIVED_PARTS: tuple[ReceivedPart, ...] = ("oa", "intranet", "paper_email", "classified")
MEETING_GROUPS: dict[str, Metric] = {g: Metric(f"meetings.{g}") for g in GROUPS}
"""The statistics groups of meetings, by their field in `MeetingsStats`."""


def received(part: ReceivedPart) -> Metric:
    """收文 of one part (the parts add up to the total)."""
    return Metric(f"docs.received.{part}")


def format_field(field: str) -> Metric:
    """Format findings about one field of the document."""
    return Metric(f"{FORMAT_FIELD}{field}")


def format_problems(verb: Literal["found", "fixed"], kind: str | None = None) -> Metric:
    """Format problems found (new since the last check) or fixed, in all or of one kind."""
    return Metric(f"docs.format.{verb}" if kind is None else f"docs.format.{verb}.{kind}")


def supervision_source(source: str, verb: Literal["created", "completed"]) -> Metric:
    """督办 items of one source, entered or completed."""
    return Metric(f"docs.supervision.source.{source}.{verb}")


def points_at(level: str) -> Metric:
    """Information points earned at one level (national, provincial, department)."""
    return Metric(f"{INFO_POINTS}.{level}")


def meeting_kind(kind: str) -> Metric:
    """Meetings of one kind."""
    return Metric(f"{MEETING_KIND}{kind}")
