"""The office's one rule for a percentage (完成率, 增减幅度, 占比).

`part` as a percentage of `whole`, to one decimal, rounded half away from zero
(四舍五入: 6.25 → 6.3, −6.25 → −6.3), computed exactly (no binary float in between);
none at all against a whole of 0 or none: a figure against nothing is no percentage.
"""

from decimal import ROUND_HALF_UP, Decimal

TENTH = Decimal("0.1")


def percent(part: int | float, whole: int | float | None) -> float | None:
    """`part` in percent of `whole`, one decimal, 四舍五入; None when `whole` is 0 or None."""
    if not whole:
        return None
    exact = Decimal(part) * 100 / Decimal(whole)
    return float(exact.quantize(TENTH, rounding=ROUND_HALF_UP))
