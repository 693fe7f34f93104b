"""The summary's 93 placeholders (docs/summary-placeholders.md): each value as the text shows it.

A section's sentences are written through a `Writer`: `w.value(n, ...)` records placeholder n
and answers its text (or 待填报 when the year lacks it), `w.sentence(...)` closes a sentence
and gives it to every placeholder recorded since the one before.
"""

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

Source = Literal["records", "profile", "reported"]
Value = int | float | str | None
MISSING = "（待填报）"
COUNT = 93


class Placeholder(BaseModel):
    n: int
    section: str
    text: str
    value: Value
    source: Source
    metric: str
    missing: str | None = None


def shown(value: Value, measure: str = "") -> str:
    """A value as the summary writes it: 12, 23.5, 3560.50; 待填报 when missing."""
    if value is None:
        return MISSING
    if isinstance(value, float):
        return f"{value:g}{measure}" if value != int(value) else f"{int(value)}{measure}"
    return f"{value}{measure}"


class Writer:
    """Collects the placeholders of the sections as their sentences are written."""

    def __init__(self) -> None:
        self.found: dict[int, Placeholder] = {}
        self.open: list[int] = []
        self.section = ""

    def value(
        self,
        n: int,
        value: Value,
        source: Source,
        metric: str,
        *,
        measure: str = "",
        missing: str | None = None,
    ) -> str:
        """Records placeholder n; answers it as written (待填报, and why, when the year lacks it)."""
        why = None if value is not None else (missing or _missing(source, metric))
        self.found[n] = Placeholder(
            n=n, section=self.section, text="", value=value, source=source, metric=metric, missing=why
        )
        self.open.append(n)
        return shown(value, measure)

    def count(self, n: int, value: Value, metric: str, measure: str = "") -> str:
        """A figure from the records (never missing: a count of nothing is 0)."""
        return self.value(n, value, "records", metric, measure=measure)

    def sentence(self, text: str) -> str:
        for n in self.open:
            self.found[n].text = text
        self.open = []
        return text

    def all(self) -> list[Placeholder]:
        return [self.found[n] for n in sorted(self.found)]


def _missing(source: Source, metric: str) -> str:
    if source == "profile":
        return f"请在部门概况（OFFICE_PROFILE_FILE）中填写 {metric}"
    if source == "reported":
        return f"请填报 {metric}（PUT /api/v1/reported/{{year}}）"
    return f"本年度尚无记录（{metric}）"


def number(text: str | None) -> int | float | None:
    """A reported figure as a number: whole numbers as int, money as float."""
    if text is None:
        return None
    parsed = Decimal(text)
    return int(parsed) if parsed == parsed.to_integral_value() and "." not in text else float(parsed)
