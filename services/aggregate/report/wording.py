"""Chinese phrasing of figures as the office writes them: 比去年M件增加K件，增加P％."""

from services.aggregate.schemas import Compared


def pct(value: float | None) -> str:
    """`23.4％`; whole numbers without a decimal (`150％`)."""
    if value is None:
        return "—"
    return f"{value:g}％" if value != int(value) else f"{int(value)}％"


def trend(c: Compared, *, up: str = "明显增加", down: str = "有所下降", same: str = "持平") -> str:
    if c.delta > 0:
        return up
    return down if c.delta < 0 else same


def against_last_year(c: Compared, measure: str) -> str:
    """`比去年900件增加100件，增加11.1％` (or 减少, or 持平; no percentage against nothing)."""
    if c.delta == 0:
        return f"与去年{c.prev}{measure}持平"
    word = "增加" if c.delta > 0 else "减少"
    text = f"比去年{c.prev}{measure}{word}{abs(c.delta)}{measure}"
    if c.delta_pct is not None:
        text += f"，{word}{pct(abs(c.delta_pct))}"
    return text


def rank_change(rank: int, prev: int | None) -> str:
    """`排名全区第3，较去年排名第7名，前进4名`."""
    text = f"排名全区第{rank}"
    if prev is None:
        return text
    if prev == rank:
        return f"{text}，与去年排名持平"
    moved = "前进" if rank < prev else "后退"
    return f"{text}，较去年排名第{prev}名，{moved}{abs(prev - rank)}名"


def movement(value: int, prev: int) -> str:
    if value > prev:
        return "有所提升"
    return "有所下降" if value < prev else "持平"
