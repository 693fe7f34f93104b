"""The format check (公文格式): GB/T 9704-2012 and the 党政机关公文处理工作条例, as far as
text and metadata show. `check(draft)` answers the findings; nothing is stored."""

from services.docs.format_check.engine import Draft, Finding, Rule, has_errors, run
from services.docs.format_check.registry import RULES


def check(draft: Draft) -> list[Finding]:
    """Every finding of every rule on this draft, errors and warnings."""
    return run(RULES, draft)


__all__ = ["RULES", "Draft", "Finding", "Rule", "check", "has_errors"]
