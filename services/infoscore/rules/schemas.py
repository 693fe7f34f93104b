"""Requests and answers of scoring rules and targets."""

from typing import Annotated

from pydantic import Field

from services.infoscore.common import MAX_COUNT
from services.infoscore.models import ScoringRules
from shared.business_time import Moment
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime

Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Points = Annotated[int, Field(ge=0, le=10_000)]


class LevelPointsIn(RequestModel):
    national: Points = Field(description="国家级采用得分")
    provincial: Points = Field(description="省级采用得分")
    department: Points = Field(description="厅本级刊物采用得分")


class ScoringRulesUpdate(RequestModel):
    """The scoring table of a year (计分规则)."""

    points: LevelPointsIn
    instruction_bonus: Points = Field(0, description="领导批示加分")
    at: Moment | None = Field(None, description="business time of the action; default now")


class ScoringRulesRead(ReadModel):
    year: int
    points: LevelPointsIn
    instruction_bonus: int
    set_by: str
    set_at: OfficeTime

    @classmethod
    def of(cls, rules: ScoringRules) -> "ScoringRulesRead":
        """The table as stored: its three levels' points as one object."""
        points = LevelPointsIn(
            national=rules.national, provincial=rules.provincial, department=rules.department
        )
        return cls(
            year=rules.year,
            points=points,
            instruction_bonus=rules.instruction_bonus,
            set_by=rules.set_by,
            set_at=rules.set_at,
        )


class MonthTargetIn(RequestModel):
    month: int = Field(ge=1, le=12)
    submissions: Count
    adoptions: Count
    points: Count


class TargetUpdate(RequestModel):
    """A unit's yearly target; `months` (all twelve) when not split evenly."""

    submissions: Count = Field(description="报送条数")
    adoptions: Count = Field(description="采用条数")
    points: Count = Field(description="得分")
    party: Count = Field(0, description="党委信息任务条数")
    months: list[MonthTargetIn] | None = Field(
        None,
        min_length=12,
        max_length=12,
        description="month by month, summing to the yearly figures; default an even split",
    )
    at: Moment | None = Field(None, description="business time of the action; default now")


class TargetRead(ReadModel):
    year: int
    unit: str
    submissions: int
    adoptions: int
    points: int
    party: int
    months: list[MonthTargetIn]
    set_by: str
    set_at: OfficeTime
