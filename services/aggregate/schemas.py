"""Answers of the aggregate service (CONTRACT.md, aggregate)."""

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
