"""The unit registry: reference data every service reads from one YAML file."""

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel

from shared.errors import Invalid

UnitKind = Literal["division", "affiliated", "city_bureau"]


class Unit(BaseModel):
    code: str
    name: str
    kind: UnitKind
    parent: str | None = None
    email: str | None = None  # where notify mails the unit's notifications (none: inbox only)


class UnitRegistry:
    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self.by_code = {u.code: u for u in units}

    @classmethod
    def load(cls, path: Path) -> "UnitRegistry":
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls([Unit.model_validate(u) for u in raw.get("units", [])])

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def require(self, code: str, field: str) -> Unit:
        """The unit with this code, or a 422 naming the field."""
        unit = self.by_code.get(code)
        if unit is None:
            raise Invalid(field, f"未知单位代码 (unknown unit code) {code!r}")
        return unit
