"""The report's charts, drawn with matplotlib (Agg): SVG for HTML, PNG for .docx.

Labels inside the images are numerals and unit codes only, so no CJK font is needed on
the server; the Chinese captions are the report's own text beside each chart.
A chart is drawn in the one form the request needs, off the event loop, and kept for
the same figures (a drawing costs about 100 ms; a year's report is read far more often
than its figures change).
"""

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

Form = Literal["svg", "png"]
MONTHS = [str(m) for m in range(1, 13)]
KEPT = 64  # drawings kept, by their figures: a few years and units of reports


@dataclass(frozen=True)
class Chart:
    caption: str
    form: Form
    image: bytes  # SVG markup (UTF-8) or PNG

    @property
    def svg(self) -> str:
        return self.image.decode()


def _render(figure: Figure, caption: str, form: Form) -> Chart:
    out = io.BytesIO()
    figure.savefig(out, format=form, dpi=120)  # fixed margins: a "tight" box costs a second drawing
    image = out.getvalue()
    if form == "svg":
        image = image[image.index(b"<svg") :]  # no XML prolog inside HTML
    return Chart(caption=caption, form=form, image=image)


@lru_cache(maxsize=KEPT)
def monthly_comparison(
    year: int, this_year: tuple[int, ...], last_year: tuple[int, ...], caption: str, form: Form
) -> Chart:
    """Bars per month, this year beside last."""
    figure = Figure(figsize=(7, 3))
    figure.subplots_adjust(left=0.1, right=0.99, top=0.95, bottom=0.1)
    axes = figure.subplots()
    positions = range(12)
    axes.bar([p - 0.2 for p in positions], last_year, width=0.4, label=str(year - 1), color="#9db4c0")
    axes.bar([p + 0.2 for p in positions], this_year, width=0.4, label=str(year), color="#c0392b")
    axes.set_xticks(list(positions), MONTHS)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.25 documents
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _render(figure, caption, form)


@lru_cache(maxsize=KEPT)
def ranking(values: tuple[tuple[str, int], ...], caption: str, form: Form) -> Chart:
    """Horizontal bars, highest on top (unit codes as labels)."""
    height = max(2.0, 0.3 * len(values))
    figure = Figure(figsize=(7, height))
    figure.subplots_adjust(left=0.1, right=0.97, top=1 - 0.1 / height, bottom=0.45 / height)
    axes = figure.subplots()
    labels = [code for code, _ in reversed(values)]
    axes.barh(labels, [v for _, v in reversed(values)], color="#2c7fb8")
    if not values:
        axes.set_yticks([])  # no unit scored yet: an empty chart, not a scale of nothing
    axes.set_xlim(0, max([v for _, v in values] + [1]) * 1.05)  # no negative axis when all are zero
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    return _render(figure, caption, form)
