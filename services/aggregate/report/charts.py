"""The report's charts, drawn with matplotlib (Agg): SVG for HTML, PNG for .docx.

Labels inside the images are Chinese (units, meeting kinds, indicator kinds), drawn in a CJK
font found on the server (WenQuanYi Micro Hei, Noto Sans CJK, ...); where none is installed
the labels fall back to codes, so a chart never shows empty boxes. SVG text is drawn as
paths, so the page needs no font of its own. Captions are the report's text below each chart.
A chart is drawn in the one form the request needs, off the event loop, and kept for the
same figures (a drawing costs about 100 ms; a year's report is read far more often than its
figures change).
"""

import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from matplotlib import font_manager, rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

Form = Literal["svg", "png"]
KEPT = 64  # drawings kept, by their figures: a few years and units of reports
WIDTH = 6.2  # inches: the 156 mm of the page's text block
PNG_DPI = 200  # sharp on paper; drawn once per figures, then kept
CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Droid Sans Fallback",
)
CJK_FILES = ("wqy", "notosanscjk", "sourcehansans", "simhei", "msyh", "pingfang", "droidsansfallback")
LAST_YEAR, THIS_YEAR, ACCENT = "#9db4c0", "#c0392b", "#2c7fb8"
log = logging.getLogger(__name__)


def _cjk_family() -> str | None:
    """The first CJK family matplotlib knows; fonts installed after its cache was built are added."""
    known = {font.name for font in font_manager.fontManager.ttflist}
    if not known.intersection(CJK_FAMILIES[:-1]):  # Droid Sans Fallback: only when nothing better
        for path in font_manager.findSystemFonts():
            if any(part in Path(path).name.lower() for part in CJK_FILES):
                font_manager.fontManager.addfont(path)
        known = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in known), None)


CJK_FONT = _cjk_family()
if CJK_FONT is None:
    log.warning("no CJK font for the report's charts (apt-get install fonts-wqy-microhei): labels by code")
else:  # figures and letters in DejaVu Sans, Chinese from the CJK font (matplotlib falls back per glyph)
    rcParams["font.family"] = ["DejaVu Sans", CJK_FONT]
rcParams["axes.unicode_minus"] = False  # the CJK fonts lack U+2212


def label(name: str, code: str) -> str:
    """The Chinese name where a CJK font can draw it, else the code."""
    return name if CJK_FONT else code


MONTHS = [label(f"{m}月", str(m)) for m in range(1, 13)]


@dataclass(frozen=True)
class Chart:
    caption: str  # without its number: the report numbers its figures in reading order (图1 …)
    form: Form
    image: bytes  # SVG markup (UTF-8) or PNG
    section: str = ""  # key of the report section it illustrates; none: after the last section

    @property
    def svg(self) -> str:
        return self.image.decode()


def _render(figure: Figure, caption: str, form: Form) -> Chart:
    out = io.BytesIO()
    figure.savefig(out, format=form, dpi=PNG_DPI)  # fixed margins: a "tight" box costs a second drawing
    image = out.getvalue()
    if form == "svg":
        image = image[image.index(b"<svg") :]  # no XML prolog inside HTML
    return Chart(caption=caption, form=form, image=image)


def _plain(axes: Axes) -> None:
    axes.spines[["top", "right"]].set_visible(False)


@lru_cache(maxsize=KEPT)
def monthly_comparison(
    year: int, this_year: tuple[int, ...], last_year: tuple[int, ...], caption: str, form: Form
) -> Chart:
    """Bars per month, this year beside last."""
    figure = Figure(figsize=(WIDTH, 2.8))
    figure.subplots_adjust(left=0.08, right=0.99, top=0.9, bottom=0.11)
    axes = figure.subplots()
    positions = range(12)
    axes.bar(
        [p - 0.2 for p in positions],
        last_year,
        width=0.4,
        label=label(f"{year - 1}年", str(year - 1)),
        color=LAST_YEAR,
    )
    axes.bar(
        [p + 0.2 for p in positions],
        this_year,
        width=0.4,
        label=label(f"{year}年", str(year)),
        color=THIS_YEAR,
    )
    axes.set_xticks(list(positions), MONTHS)
    axes.set_ylim(0, max([*this_year, *last_year, 1]) * 1.1)  # no negative scale for a year of nothing
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.25 documents
    axes.legend(frameon=False, ncols=2, loc="lower right", bbox_to_anchor=(1, 1), borderaxespad=0)
    _plain(axes)
    return _render(figure, caption, form)


@lru_cache(maxsize=KEPT)
def ranking(values: tuple[tuple[str, int], ...], caption: str, form: Form) -> Chart:
    """Horizontal bars, highest on top, labelled by name, each bar with its value."""
    height = max(2.0, 0.3 * len(values) + 0.5)
    figure = Figure(figsize=(WIDTH, height))
    figure.subplots_adjust(left=0.2, right=0.95, top=1 - 0.15 / height, bottom=0.45 / height)
    axes = figure.subplots()
    labels = [name for name, _ in reversed(values)]
    bars = axes.barh(labels, [v for _, v in reversed(values)], color=ACCENT)
    axes.bar_label(bars, padding=3, fontsize=8)
    if not values:
        axes.set_yticks([])  # nothing counted yet: an empty chart, not a scale of nothing
    axes.set_xlim(0, max([v for _, v in values] + [1]) * 1.1)  # no negative axis when all are zero
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    _plain(axes)
    return _render(figure, caption, form)


@lru_cache(maxsize=KEPT)
def scored(values: tuple[tuple[str, int, int], ...], caption: str, form: Form) -> Chart:
    """Per group, its points beside the score it reached (分值, 自评得分)."""
    figure = Figure(figsize=(WIDTH, 2.8))
    figure.subplots_adjust(left=0.08, right=0.99, top=0.9, bottom=0.11)
    axes = figure.subplots()
    positions = range(len(values))
    full = axes.bar(
        [p - 0.2 for p in positions],
        [v[1] for v in values],
        0.4,
        label=label("分值", "points"),
        color=LAST_YEAR,
    )
    got = axes.bar(
        [p + 0.2 for p in positions], [v[2] for v in values], 0.4, label="自评得分", color=THIS_YEAR
    )
    for bars in (full, got):
        axes.bar_label(bars, padding=2, fontsize=8)
    axes.set_xticks(list(positions), [v[0] for v in values])
    axes.set_ylim(0, max([max(v[1], v[2]) for v in values] + [1]) * 1.15)
    axes.legend(frameon=False, ncols=2, loc="lower right", bbox_to_anchor=(1, 1), borderaxespad=0)
    _plain(axes)
    return _render(figure, caption, form)
