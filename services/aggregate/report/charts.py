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
    figure.savefig(out, format=form, dpi=120, bbox_inches="tight")
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
    axes = figure.subplots()
    positions = range(12)
    axes.bar([p - 0.2 for p in positions], last_year, width=0.4, label=str(year - 1), color="#9db4c0")
    axes.bar([p + 0.2 for p in positions], this_year, width=0.4, label=str(year), color="#c0392b")
    axes.set_xticks(list(positions), MONTHS)
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _render(figure, caption, form)


@lru_cache(maxsize=KEPT)
def ranking(values: tuple[tuple[str, int], ...], caption: str, form: Form) -> Chart:
    """Horizontal bars, highest on top (unit codes as labels)."""
    figure = Figure(figsize=(7, max(2.0, 0.3 * len(values))))
    axes = figure.subplots()
    labels = [code for code, _ in reversed(values)]
    axes.barh(labels, [v for _, v in reversed(values)], color="#2c7fb8")
    axes.set_xlim(0, max([v for _, v in values] + [1]) * 1.05)  # no negative axis when all are zero
    axes.spines[["top", "right"]].set_visible(False)
    return _render(figure, caption, form)
