"""How a layout rule is made: it reads the layout, its parts and the draft's metadata and
answers the places it fails, each with what to change; `@layout_rule` gives it its code."""

from collections.abc import Callable
from dataclasses import dataclass

from services.docs.format_check.engine import Draft, Finding, Severity
from services.docs.format_check.layout.reader import Layout
from services.docs.format_check.layout.structure import Parts

PLACES_SHOWN = 3


@dataclass(frozen=True)
class Miss:
    """One place a rule fails: where, and the message saying what to change there."""

    where: str
    message: str


@dataclass(frozen=True)
class Sheet:
    """What a layout rule reads."""

    layout: Layout
    parts: Parts
    draft: Draft


LayoutCheck = Callable[[Sheet], list[Miss]]


@dataclass(frozen=True)
class LayoutRule:
    code: str
    severity: Severity
    field: str
    fixable: bool
    check: LayoutCheck

    def apply(self, sheet: Sheet) -> Finding | None:
        misses = self.check(sheet)
        if not misses:
            return None
        shown = "；".join(m.where for m in misses[:PLACES_SHOWN])
        more = f"等{len(misses)}处" if len(misses) > PLACES_SHOWN else ""
        message = misses[0].message if len(misses) == 1 else f"{misses[0].message}（共{len(misses)}处）"
        return Finding(
            code=self.code, severity=self.severity, field=self.field, message=message, where=shown + more
        )


def layout_rule(
    code: str, severity: Severity, field: str, *, fixable: bool = False
) -> Callable[[LayoutCheck], LayoutRule]:
    """Make a check function a layout rule with its code, severity, part and whether `fix` mends it."""

    def wrap(check: LayoutCheck) -> LayoutRule:
        return LayoutRule(code=code, severity=severity, field=field, fixable=fixable, check=check)

    return wrap
