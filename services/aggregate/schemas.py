"""Answers of the aggregate service (CONTRACT.md, aggregate)."""

from datetime import datetime

from pydantic import BaseModel


class Compared(BaseModel):
    """A count beside last year's: 比去年M件增加K件，增加P％."""

    value: int
    prev: int
    delta: int
    delta_pct: float | None

    @classmethod
    def of(cls, value: int, prev: int) -> "Compared":
        delta = value - prev
        pct = round(delta * 100 / prev, 1) if prev else None
        return cls(value=value, prev=prev, delta=delta, delta_pct=pct)


class ReceivedStats(BaseModel):
    total: Compared
    oa: Compared
    intranet: Compared
    paper_email: Compared
    classified: Compared


class DocsStats(BaseModel):
    received: ReceivedStats


class YearStats(BaseModel):
    year: int
    unit: str | None
    docs: DocsStats


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
    last_event_time: datetime | None
    lag: int | None
    rebuilding: int | None
    rebuild_applied: int | None
