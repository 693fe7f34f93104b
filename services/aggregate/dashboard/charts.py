"""Monthly bars for the page, as numbers an inline SVG draws (no script, no outside resource)."""

from dataclasses import dataclass

WIDTH, HEIGHT, BAR = 480, 120, 14


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    value: int
    month: int
    this_year: bool


def monthly_bars(this: list[int], last: list[int]) -> list[Bar]:
    """Twelve pairs of bars, last year's beside this year's, scaled to the larger series."""
    top = max([*this, *last, 1])
    bars = []
    for index, (now, before) in enumerate(zip(this, last, strict=True)):
        for offset, value, current in ((0, before, False), (BAR + 1, now, True)):
            height = round(value * (HEIGHT - 20) / top)
            x = 10 + index * (2 * BAR + 10) + offset
            bars.append(Bar(x=x, y=HEIGHT - 14 - height, height=height, value=value, month=index + 1,
                            this_year=current))  # fmt: skip
    return bars
