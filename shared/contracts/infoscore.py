"""Events the infoscore service publishes (政务信息 and 政务公开).

Each carries what the aggregate needs to count without asking back: the office-calendar
`year` and `month` of the record's business time, the unit, and the figures themselves
(an adoption's `points` are fixed when it is recorded; a withdrawal carries the points
it takes back).
"""

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel

from shared.contracts.base import EventData

Category = Literal["government", "party"]
Level = Literal["national", "provincial", "department"]
LEVEL_WORDS: dict[str, str] = {"national": "国家级", "provincial": "省级", "department": "厅本级"}
"""How a person reads a level (an inbox title, a notice)."""


class LevelPoints(BaseModel):
    national: int
    provincial: int
    department: int


class MonthTarget(BaseModel):
    month: int
    submissions: int
    adoptions: int
    points: int


class SubmissionReceived(EventData):
    """A unit submitted an information item (报送信息)."""

    service: ClassVar[str] = "infoscore"
    entity: ClassVar[str] = "submission"
    action: ClassVar[str] = "received"

    id: str
    unit: str
    category: Category
    title: str
    submitted_at: datetime
    year: int
    month: int


class AdoptionRecorded(EventData):
    """An outlet adopted a submitted item (采用); `points` as its year's rules gave them."""

    service: ClassVar[str] = "infoscore"
    entity: ClassVar[str] = "adoption"
    action: ClassVar[str] = "recorded"

    id: str
    submission_id: str
    unit: str
    category: Category
    level: Level
    outlet: str
    instruction: bool
    points: int
    adopted_at: datetime
    year: int
    month: int


class AdoptionWithdrawn(EventData):
    """A mistaken adoption was withdrawn: subtract its `points` (and one adoption)."""

    service: ClassVar[str] = "infoscore"
    entity: ClassVar[str] = "adoption"
    action: ClassVar[str] = "withdrawn"

    id: str
    submission_id: str
    unit: str
    category: Category
    level: Level
    points: int
    adopted_at: datetime
    year: int
    month: int
    reason: str
    withdrawn_at: datetime


class ScoringRulesSet(EventData):
    """The scoring rules of a year were set (they apply to adoptions recorded from now on)."""

    service: ClassVar[str] = "infoscore"
    entity: ClassVar[str] = "rules"
    action: ClassVar[str] = "set"

    year: int
    points: LevelPoints
    instruction_bonus: int


class TargetSet(EventData):
    """A unit's yearly target was set (replacing any earlier one), month by month."""

    service: ClassVar[str] = "infoscore"
    entity: ClassVar[str] = "target"
    action: ClassVar[str] = "set"

    year: int
    unit: str
    submissions: int
    adoptions: int
    points: int
    party: int  # 党委信息 items to submit in the year
    months: list[MonthTarget]


class NoticeRow(BaseModel):
    rank: int
    unit: str
    name: str
    submitted: int
    adopted: int
    points: int
    target_points: int | None
    completion_pct: float | None


class NoticePublished(EventData):
    """The monthly notice (通报) went out to every unit in `recipients`."""

    service: ClassVar[str] = "infoscore"
    entity: ClassVar[str] = "notice"
    action: ClassVar[str] = "published"

    id: str
    year: int
    month: int
    title: str
    recipients: list[str]  # registry unit codes: notify tells each of them
    rows: list[NoticeRow]


class AssessmentRecorded(EventData):
    """The region's assessment of the department for a year (排名全区第N)."""

    service: ClassVar[str] = "infoscore"
    entity: ClassVar[str] = "assessment"
    action: ClassVar[str] = "recorded"

    year: int
    rank: int
    points: float
    rank_prev: int | None
    points_prev: float | None
    rank_change: int | None  # places moved up against the year before (negative: down)


class DisclosurePublished(EventData):
    """An item was published on the department's website (政务公开)."""

    service: ClassVar[str] = "infoscore"
    entity: ClassVar[str] = "disclosure"
    action: ClassVar[str] = "published"

    id: str
    title: str
    category: str
    published_at: datetime
    year: int
    month: int
