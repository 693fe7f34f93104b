"""The department's profile (OFFICE_PROFILE_FILE): names and standing facts, per year where one changes.

A unit's report speaks in the unit's own voice: its name, and 我局 (a city bureau), 我单位
(an affiliated unit) or 我处 (a division) where the department's says 我厅.
"""

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints

from shared.units import Unit

Fact = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
SELF = {"city_bureau": "局", "affiliated": "单位", "division": "处"}


class ProfileFacts(BaseModel):
    """The facts of one year; every one may be left out (its placeholder is then missing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Fact | None = None
    short_name: Fact | None = None
    field: Fact | None = None
    region: Fact | None = None
    party_committee: Fact | None = None
    organs_committee: Fact | None = None
    website_platform_level: Fact | None = None
    data_platform: Fact | None = None
    assessment: Fact | None = None
    opinion_scope: Fact | None = None
    key_matters: Fact | None = None


class Profile(ProfileFacts):
    years: dict[int, ProfileFacts] = {}

    def of(self, year: int) -> ProfileFacts:
        """The facts that hold in a year: the standing ones with that year's changes over them."""
        standing = self.model_dump(exclude={"years"})
        changed = self.years.get(year)
        if changed is not None:
            standing.update(changed.model_dump(exclude_none=True))
        return ProfileFacts(**standing)

    @classmethod
    def load(cls, path: Path) -> "Profile":
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls.model_validate(raw)


class Voice(BaseModel):
    """Whose report it is: the name it uses and how it calls itself (我厅, 厅党组)."""

    name: str | None  # the department's full name, or the unit's
    short: str  # 厅 / 局 / 单位 / 处: 全厅, 厅党组, 厅机关
    is_unit: bool

    @property
    def we(self) -> str:
        return f"我{self.short}"


def voice(facts: ProfileFacts, unit: Unit | None) -> Voice:
    if unit is None:
        return Voice(name=facts.name, short="厅", is_unit=False)
    return Voice(name=unit.name, short=SELF.get(unit.kind, "单位"), is_unit=True)
