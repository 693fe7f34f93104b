"""Chinese phrasing of figures as the office writes them: 比去年M件增加K件，增加P％."""

from services.aggregate.report.placeholders import Writer
from services.aggregate.schemas import Compared


def versus(value: float, prev: float, *, up: str, down: str, subject: str = "", lead: str = "较") -> str:
    """`较去年{subject}{up}` or `{down}`; `与去年{subject}持平` when equal (never 比去年持平)."""
    if value == prev:
        return f"与去年{subject}持平"
    return f"{lead}去年{subject}{up if value > prev else down}"


def trend(c: Compared, *, up: str = "明显增加", down: str = "有所下降", lead: str = "比") -> str:
    return versus(c.value, c.prev, up=up, down=down, lead=lead)


def against_last_year(w: Writer, ns: tuple[int, int, int], c: Compared, measure: str, metric: str) -> str:
    """`比去年900件增加100件，增加11.1％`, or 减少, or `与去年持平`; no percentage against nothing."""
    prev_n, delta_n, pct_n = ns
    prev = w.value(prev_n, c.prev, "records", f"{metric}.prev", measure=measure)
    no_base = "去年为0，不计增减百分比"
    pct_value = abs(c.delta_pct) if c.delta_pct is not None else None
    if c.delta == 0:
        w.value(delta_n, 0, "records", f"{metric}.delta")
        w.value(pct_n, 0.0 if c.prev else None, "records", f"{metric}.delta_pct", missing=no_base)
        return f"与去年{prev}持平"
    word = "增加" if c.delta > 0 else "减少"
    text = (
        f"比去年{prev}{word}{w.value(delta_n, abs(c.delta), 'records', f'{metric}.delta', measure=measure)}"
    )
    shown = w.value(pct_n, pct_value, "records", f"{metric}.delta_pct", measure="％", missing=no_base)
    return text + (f"，{word}{shown}" if pct_value is not None else "")


def movement(value: float, prev: float, *, up: str = "有所提升", down: str = "有所下降") -> str:
    if value > prev:
        return up
    return down if value < prev else "持平"


def names(items: list[str]) -> str:
    return "、".join(items)
