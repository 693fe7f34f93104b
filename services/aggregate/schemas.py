"""Answers of the aggregate service (the portal's statistics and reports; see /openapi.json).

`Compared` is a count beside last year's (a C figure); plain ints are counts (N).
"""

from pydantic import BaseModel

from shared.meeting_groups import MeetingGroupCounts
from shared.percent import percent
from shared.types import OfficeTime


class Compared(BaseModel):
    """A count beside last year's: 比去年M件增加K件，增加P％."""

    value: int
    prev: int
    delta: int
    delta_pct: float | None

    @classmethod
    def of(cls, value: int, prev: int) -> "Compared":
        delta = value - prev
        return cls(value=value, prev=prev, delta=delta, delta_pct=percent(delta, prev))


class ReceivedStats(BaseModel):
    total: Compared
    oa: Compared
    intranet: Compared
    paper_email: Compared
    classified: Compared


class SentStats(BaseModel):
    total: Compared


class SourceStats(BaseModel):
    """Supervision items of one source (领导批示, 问题整改, 群众意见建议, ...)."""

    created: int
    completed: int


class SupervisionStats(BaseModel):
    created: int
    completed: int
    overdue: int
    by_source: dict[str, SourceStats]


class FormatStats(BaseModel):
    """Format checks run, the findings they made, and the findings by the field they concern."""

    checks: int
    findings: int
    by_field: dict[str, int]


class DocsStats(BaseModel):
    received: ReceivedStats
    sent: SentStats
    returned: int
    returned_documents: int  # drafts returned at least once
    returned_upward: int  # returns of 报告 and 请示, what goes up
    submitted: int  # drafts submitted for review (the first time)
    materials: int
    regulations: int
    format: FormatStats
    supervision: SupervisionStats


class MeetingsStats(MeetingGroupCounts):
    reminder_talk_people: int
    by_kind: dict[str, int]


class PartyInfo(BaseModel):
    """党委信息: items to submit, submitted, and the completion percentage."""

    target: int
    done: int
    pct: float | None


class InfoscoreStats(BaseModel):
    submitted: int
    adopted: int
    points: int
    points_prev: int
    points_by_level: dict[str, int]
    target_points: int
    region_rank: int | None
    region_rank_prev: int | None
    party_info: PartyInfo
    party_info_prev: PartyInfo
    disclosures: int


class YearStats(BaseModel):
    year: int
    unit: str | None
    docs: DocsStats
    meetings: MeetingsStats
    infoscore: InfoscoreStats
    logistics: dict[str, int]
    notify: dict[str, int]


class MonthlyStats(BaseModel):
    """Twelve monthly values per metric, this year and last."""

    year: int
    unit: str | None
    months: dict[str, list[int]]
    months_prev: dict[str, list[int]]


class UnitStats(BaseModel):
    code: str
    name: str
    kind: str
    stats: YearStats


class RankEntry(BaseModel):
    unit: str
    value: int
    rank: int


class UnitsStats(BaseModel):
    year: int
    items: list[UnitStats]
    rankings: dict[str, list[RankEntry]]


class ProjectionStatus(BaseModel):
    generation: int
    events_applied: int
    last_event_time: OfficeTime | None
    lag: int | None
    rebuilding: int | None
    rebuild_applied: int | None
