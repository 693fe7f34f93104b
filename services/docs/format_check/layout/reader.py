"""What the layout rules read from a .docx: sections, paragraphs with their runs' resolved
fonts and sizes (run → character style → paragraph style → document defaults), footers."""

from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.shared import Length
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RED_MARKS = etree.XPath(
    ".//w:pBdr/*/@w:color | .//*[local-name()='srgbClr']/@val | .//@strokecolor | .//@fillcolor",
    namespaces={"w": W[1:-1]},
)


@dataclass(frozen=True)
class Look:
    """Character properties as resolved: East Asian and Latin font, size in points, colour."""

    east_asia: str | None = None
    latin: str | None = None
    size: float | None = None
    color: str | None = None

    def over(self, base: "Look") -> "Look":
        """These properties where set, the base's elsewhere."""
        return Look(
            east_asia=self.east_asia or base.east_asia,
            latin=self.latin or base.latin,
            size=self.size if self.size is not None else base.size,
            color=self.color or base.color,
        )


@dataclass(frozen=True)
class Run:
    text: str
    look: Look


@dataclass(frozen=True)
class Para:
    number: int  # 1-based, among the body's paragraphs
    text: str
    align: str  # left, center, right, both
    runs: tuple[Run, ...]
    red_rule: bool  # carries a red line (border or drawn shape)

    @property
    def where(self) -> str:
        return f"第{self.number}段“{self.text.strip()[:20]}”"


@dataclass(frozen=True)
class Section:
    number: int
    width: float  # mm
    height: float
    top: float
    bottom: float
    left: float
    right: float
    grid_type: str | None
    line_pitch: int | None  # twentieths of a point
    char_space: int | None  # 4096ths of a point, added to the default size


@dataclass(frozen=True)
class Footer:
    section: int
    pages: str  # odd (the default footer) or even
    paras: tuple[Para, ...]
    page_field: bool


@dataclass(frozen=True)
class Layout:
    paras: tuple[Para, ...]
    sections: tuple[Section, ...]
    footers: tuple[Footer, ...]
    odd_even: bool
    default_size: float  # of the default paragraph style: what the character grid adds to


def _look(rpr: Any) -> Look:
    if rpr is None:
        return Look()
    fonts, size, color = rpr.find(f"{W}rFonts"), rpr.find(f"{W}sz"), rpr.find(f"{W}color")
    east_asia = latin = None
    if fonts is not None:
        themed = fonts.get(f"{W}eastAsiaTheme")
        east_asia = f"主题字体{themed}" if themed else fonts.get(f"{W}eastAsia")
        latin = fonts.get(f"{W}ascii")
    return Look(
        east_asia=east_asia,
        latin=latin,
        size=int(size.get(f"{W}val")) / 2 if size is not None else None,
        color=color.get(f"{W}val") if color is not None else None,
    )


class Styles:
    """The styles part, resolved once per style."""

    def __init__(self, document: Document) -> None:
        root = document.styles.element
        self.by_id = {s.get(f"{W}styleId"): s for s in root.findall(f"{W}style")}
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.defaults = _look(defaults)
        self.default_para = next(
            (
                i
                for i, s in self.by_id.items()
                if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true")
            ),
            None,
        )
        self._looks: dict[str | None, Look] = {}
        self._aligns: dict[str | None, str | None] = {}

    def look(self, style_id: str | None) -> Look:
        """A style's character properties over its base styles'; not over the document defaults."""
        if style_id not in self._looks:
            style = self.by_id.get(style_id)
            if style is None:
                self._looks[style_id] = Look()
            else:
                base = style.find(f"{W}basedOn")
                inherited = (
                    self.look(base.get(f"{W}val"))
                    if base is not None and base.get(f"{W}val") != style_id
                    else Look()
                )
                self._looks[style_id] = _look(style.find(f"{W}rPr")).over(inherited)
        return self._looks[style_id]

    def align(self, style_id: str | None) -> str | None:
        if style_id not in self._aligns:
            style = self.by_id.get(style_id)
            jc = style.find(f"{W}pPr/{W}jc") if style is not None else None
            base = style.find(f"{W}basedOn") if style is not None else None
            if jc is not None:
                self._aligns[style_id] = jc.get(f"{W}val")
            elif base is not None and base.get(f"{W}val") != style_id:
                self._aligns[style_id] = self.align(base.get(f"{W}val"))
            else:
                self._aligns[style_id] = None
        return self._aligns[style_id]


def _value(element: Any, path: str) -> str | None:
    found = element.find(path)
    return found.get(f"{W}val") if found is not None else None


def _is_red(value: str) -> bool:
    value = value.strip().lstrip("#").lower()
    if value == "red":
        return True
    if len(value) != 6:
        return False
    try:
        red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return red >= 0xC0 and green <= 0x60 and blue <= 0x60


ALIGNS = {"center": "center", "right": "right", "end": "right", "both": "both", "distribute": "both"}


def read_para(p: Any, number: int, styles: Styles) -> Para:
    """One paragraph element, its runs' looks resolved."""
    style_id = _value(p, f"{W}pPr/{W}pStyle") or styles.default_para
    para_look = styles.look(style_id).over(styles.defaults)
    runs = []
    for r in p.iter(f"{W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
        rpr = r.find(f"{W}rPr")
        char_style = _value(r, f"{W}rPr/{W}rStyle")
        look = _look(rpr).over(styles.look(char_style) if char_style else Look()).over(para_look)
        runs.append(Run(text=text, look=look))
    align = _value(p, f"{W}pPr/{W}jc") or styles.align(style_id) or "left"
    red = any(_is_red(str(v)) for v in RED_MARKS(p))
    return Para(
        number=number,
        text="".join(r.text for r in runs),
        align=ALIGNS.get(align, "left"),
        runs=tuple(runs),
        red_rule=red,
    )


def _mm(length: Length | None) -> float:
    return round(length.mm, 1) if length is not None else 0.0


def _section(number: int, section: Any) -> Section:
    grid = section._sectPr.find(f"{W}docGrid")

    def attr(name: str) -> int | None:
        value = grid.get(f"{W}{name}") if grid is not None else None
        return int(value) if value not in (None, "") and value.lstrip("-").isdigit() else None

    return Section(
        number=number,
        width=_mm(section.page_width),
        height=_mm(section.page_height),
        top=_mm(section.top_margin),
        bottom=_mm(section.bottom_margin),
        left=_mm(section.left_margin),
        right=_mm(section.right_margin),
        grid_type=grid.get(f"{W}type") if grid is not None else None,
        line_pitch=attr("linePitch"),
        char_space=attr("charSpace"),
    )


def _footers(document: Document, styles: Styles) -> list[Footer]:
    found = []
    for number, section in enumerate(document.sections, start=1):
        for pages, footer in (("odd", section.footer), ("even", section.even_page_footer)):
            if number > 1 and footer.is_linked_to_previous:
                continue
            element = footer._element if not footer.is_linked_to_previous else None
            if element is None:
                found.append(Footer(section=number, pages=pages, paras=(), page_field=False))
                continue
            paras = tuple(read_para(p, i, styles) for i, p in enumerate(element.iter(f"{W}p"), start=1))
            instructions = " ".join(element.xpath(".//w:instrText/text() | .//w:fldSimple/@w:instr"))
            found.append(
                Footer(section=number, pages=pages, paras=paras, page_field="PAGE" in instructions.upper())
            )
    return found


def read(document: Document) -> Layout:
    """The layout of a parsed .docx."""
    styles = Styles(document)
    body = document.element.body
    paras = tuple(read_para(p, i, styles) for i, p in enumerate(body.iterchildren(f"{W}p"), start=1))
    sections = tuple(_section(i, s) for i, s in enumerate(document.sections, start=1))
    return Layout(
        paras=paras,
        sections=sections,
        footers=tuple(_footers(document, styles)),
        odd_even=bool(document.settings.odd_and_even_pages_header_footer),
        default_size=styles.look(styles.default_para).over(styles.defaults).size or 10.5,
    )
