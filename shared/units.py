"""The unit registry: reference data every service reads from one YAML file.

Besides its units the registry knows groups of them, as a document names its recipients:
各处室 (every division), 各直属单位 (every affiliated unit), 各市局 (every city bureau), and
the groups the registry file adds under `groups:`, by kind or by member codes.
"""

from pathlib import Path
from typing import Literal, Self

import yaml
from pydantic import BaseModel, Field, model_validator

from shared.errors import Invalid

UnitKind = Literal["division", "affiliated", "city_bureau"]


class Unit(BaseModel):
    code: str
    name: str
    kind: UnitKind
    parent: str | None = None
    email: str | None = None  # where notify mails the unit's notifications (none: inbox only)


class UnitGroup(BaseModel):
    """A name that stands for several units: those of some kinds, and named members."""

    name: str
    kinds: list[UnitKind] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_units(self) -> Self:
        if not self.kinds and not self.members:
            raise ValueError(f"group {self.name!r} names no kind and no member")
        return self


# The groups every registry has, as documents write them (厅机关各处室 is the full form of 各处室).
KIND_GROUPS: tuple[UnitGroup, ...] = (
    UnitGroup(name="各处室", kinds=["division"]),
    UnitGroup(name="厅机关各处室", kinds=["division"]),
    UnitGroup(name="各直属单位", kinds=["affiliated"]),
    UnitGroup(name="厅直属各单位", kinds=["affiliated"]),
    UnitGroup(name="各市局", kinds=["city_bureau"]),
    UnitGroup(name="各设区市局", kinds=["city_bureau"]),
)


class UnitRegistry:
    def __init__(self, units: list[Unit], groups: list[UnitGroup] | None = None) -> None:
        self.units = units
        self.by_code = {u.code: u for u in units}
        self.by_name = {u.name: u for u in units}
        self.groups = {g.name: g for g in [*KIND_GROUPS, *(groups or [])]}  # the file's win
        for group in self.groups.values():
            unknown = [code for code in group.members if code not in self.by_code]
            if unknown:
                raise ValueError(f"group {group.name!r} names units not in the registry: {unknown}")

    @classmethod
    def load(cls, path: Path) -> "UnitRegistry":
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        units = [Unit.model_validate(u) for u in raw.get("units", [])]
        return cls(units, [UnitGroup.model_validate(g) for g in raw.get("groups", [])])

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def require(self, code: str, field: str) -> Unit:
        """The unit with this code, or a 422 naming the field."""
        unit = self.by_code.get(code)
        if unit is None:
            raise Invalid(field, f"未知单位代码 (unknown unit code) {code!r}")
        return unit

    def group(self, name: str) -> list[str] | None:
        """The codes a group name stands for, in registry order; None when it names no group."""
        group = self.groups.get(name.strip())
        if group is None:
            return None
        return [u.code for u in self.units if u.kind in group.kinds or u.code in group.members]
