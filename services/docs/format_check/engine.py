"""The rule engine: a draft goes in, findings come out. Pure: no database, no I/O.

A rule is a small function answering `None` when the draft passes it, or the Chinese
message saying how to fix it; `@rule(code, severity, field)` gives it its identity, and
`registry.RULES` lists every rule the check runs, in the order findings are reported.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Draft:
    """What the check looks at: a document's text and metadata."""

    title: str = ""
    kind: str = "notice"
    body: str = ""
    issuer_code: str | None = None
    drafting_unit: str | None = None
    main_recipients: tuple[str, ...] = ()
    cc_recipients: tuple[str, ...] = ()
    classification: str = "none"
    urgency: str = "normal"
    secrecy_period: str | None = None
    signer: str | None = None
    attachments: tuple[str, ...] = field(default_factory=tuple)  # attachment titles, in order
    doc_no: str | None = None
    signed_date: str | None = None  # 成文日期 as written, e.g. 2022年1月5日
    own_units: frozenset[str] = frozenset()  # codes and names of the department's own (lower) units


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    field: str
    message: str
    where: str | None = None  # in a .docx: the paragraph (number and text) or the section


Check = Callable[[Draft], str | None]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    field: str
    check: Check

    def apply(self, draft: Draft) -> Finding | None:
        message = self.check(draft)
        if message is None:
            return None
        return Finding(code=self.code, severity=self.severity, field=self.field, message=message)


def rule(code: str, severity: Severity, field: str) -> Callable[[Check], Rule]:
    """Make a check function a rule with its code, severity and field."""

    def wrap(check: Check) -> Rule:
        return Rule(code=code, severity=severity, field=field, check=check)

    return wrap


def run(rules: Iterable[Rule], draft: Draft) -> list[Finding]:
    return [finding for r in rules if (finding := r.apply(draft)) is not None]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
