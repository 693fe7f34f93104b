"""Requests and answers of the performance indicators."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.bounds import Reason500, Text200
from shared.business_time import At

IndicatorKind = Literal["basic", "aspirational", "bonus", "management", "special"]
Name = Text200


class IndicatorPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    kind: IndicatorKind = Field(
        description="basic 基本指标, aspirational 进取性目标, bonus 超额加分, management 机关管理, "
        "special 专项考核"
    )
    points: int = Field(ge=0, le=1000, description="分值")
    self_score: int | None = Field(None, ge=0, le=1000, description="自评得分")
    completed: bool = False
    at_risk: bool = Field(False, description="存在扣分风险")
    office_led: bool = Field(False, description="办公室承担")
    note: Reason500 | None = None
    at: At = None

    @model_validator(mode="after")
    def _score_within_points(self) -> "IndicatorPut":
        if self.self_score is not None and self.self_score > self.points and self.kind != "bonus":
            raise ValueError("self_score: 自评得分不能超过分值 (self_score exceeds points)")
        return self


class IndicatorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    year: int
    code: str
    name: str
    kind: IndicatorKind
    points: int
    self_score: int | None
    completed: bool
    at_risk: bool
    office_led: bool
    note: str | None


class KindSummary(BaseModel):
    count: int
    points: int
    completed: int
    self_score: int


class IndicatorsSummary(BaseModel):
    year: int
    items: list[IndicatorRead]
    by_kind: dict[str, KindSummary]
    at_risk: list[str]
