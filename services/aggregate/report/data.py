"""What the report's text is written from: the year's figures, indicators, reported figures, profile."""

from pydantic import BaseModel

from services.aggregate.indicators.schemas import IndicatorsSummary
from services.aggregate.profile import ProfileFacts, Voice
from services.aggregate.report.placeholders import Writer, number
from services.aggregate.reported.catalogue import BY_METRIC
from services.aggregate.schemas import YearStats


class BehindTarget(BaseModel):
    """A unit short of its information target (政务信息年度目标)."""

    name: str
    points: int
    target: int


class ReportData(BaseModel):
    stats: YearStats
    facts: ProfileFacts
    voice: Voice
    reported: dict[str, str]  # metric: the value entered for the year (the department's or the unit's)
    indicators: dict[int, IndicatorsSummary] | None  # the year and the two before (the department only)
    behind: list[BehindTarget]

    @property
    def year(self) -> int:
        return self.stats.year


def profile_value(w: Writer, d: ReportData, n: int, key: str) -> str:
    """A profile fact as placeholder n (a unit's own name where the fact is the name)."""
    value = d.voice.name if key == "name" else getattr(d.facts, key)
    return w.value(n, value, "profile", f"profile.{key}")


def reported_value(w: Writer, d: ReportData, n: int, metric: str) -> str:
    """A reported figure as placeholder n, in its measure's form (12, 3560.5)."""
    about = BY_METRIC[metric]
    missing = f"请填报“{about.name}”（{about.measure}）：PUT /api/v1/reported/{d.year}，metric {metric}"
    if d.voice.is_unit and not about.per_unit:
        missing = f"“{about.name}”只填报全厅数"
    return w.value(n, number(d.reported.get(metric)), "reported", metric, missing=missing)
