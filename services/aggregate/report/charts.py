"""The report's charts, drawn with matplotlib (Agg): SVG for HTML, PNG for .docx.

Labels inside the images are numerals and unit codes only, so no CJK font is needed on
the server; the Chinese captions are the report's own text beside each chart.
"""

import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure

MONTHS = [str(m) for m in range(1, 13)]


@dataclass(frozen=True)
class Chart:
    caption: str
    svg: str
    png: bytes


def render(figure: Figure, caption: str) -> Chart:
    svg, png = io.StringIO(), io.BytesIO()
    figure.savefig(svg, format="svg", bbox_inches="tight")
    figure.savefig(png, format="png", dpi=120, bbox_inches="tight")
    plt.close(figure)
    return Chart(caption=caption, svg=_strip_prolog(svg.getvalue()), png=png.getvalue())


def _strip_prolog(svg: str) -> str:
    return svg[svg.index("<svg") :]


def monthly_comparison(year: int, this_year: list[int], last_year: list[int], caption: str) -> Chart:
    """Bars per month, this year beside last."""
    figure, axes = plt.subplots(figsize=(7, 3))
    positions = range(12)
    axes.bar([p - 0.2 for p in positions], last_year, width=0.4, label=str(year - 1), color="#9db4c0")
    axes.bar([p + 0.2 for p in positions], this_year, width=0.4, label=str(year), color="#c0392b")
    axes.set_xticks(list(positions), MONTHS)
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return render(figure, caption)


def ranking(values: list[tuple[str, int]], caption: str) -> Chart:
    """Horizontal bars, highest on top (unit codes as labels)."""
    figure, axes = plt.subplots(figsize=(7, max(2.0, 0.3 * len(values))))
    labels = [code for code, _ in reversed(values)]
    axes.barh(labels, [v for _, v in reversed(values)], color="#2c7fb8")
    axes.set_xlim(0, max([v for _, v in values] + [1]) * 1.05)  # no negative axis when all are zero
    axes.spines[["top", "right"]].set_visible(False)
    return render(figure, caption)
