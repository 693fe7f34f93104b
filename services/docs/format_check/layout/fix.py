"""The fixed copy: what a machine mends safely in a .docx — page size, margins, line grid,
fonts and sizes of title and body, half-width numbering, page numbers. Text stays as written."""

import io
import re
from typing import Any

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from services.docs.format_check.headings import HALF_WIDTH_THIRD
from services.docs.format_check.layout import fonts, page
from services.docs.format_check.layout.reader import Para, W
from services.docs.format_check.layout.rules import Sheet

TITLE_FONT = "方正小标宋简体"
NOTE_PREFIX = re.compile(r"^\s*附\s*件\s*[：:]")


def _set_look(run: Any, east_asia: str, size: float, latin: str | None = None) -> None:
    rpr = run.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attribute in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
        rfonts.attrib.pop(qn(attribute), None)
    rfonts.set(qn("w:eastAsia"), east_asia)
    if latin:
        rfonts.set(qn("w:ascii"), latin)
        rfonts.set(qn("w:hAnsi"), latin)
    rpr.sz_val = Pt(size)


def fix_page(document: Document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(page.A4[0]), Mm(page.A4[1])
        section.top_margin, section.bottom_margin = Mm(page.MARGINS["top"]), Mm(page.MARGINS["bottom"])
        section.left_margin, section.right_margin = Mm(page.MARGINS["left"]), Mm(page.MARGINS["right"])


def fix_grid(document: Document, default_size: float) -> None:
    for section in document.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(page.LINE_PITCH))
        grid.set(qn("w:charSpace"), str(round((page.CHAR_PITCH - default_size) * 4096)))


def _elements(document: Document) -> list[Any]:
    return list(document.element.body.iterchildren(f"{W}p"))


def fix_fonts(document: Document, sheet: Sheet) -> None:
    elements = _elements(document)
    for para in sheet.parts.title:
        for run in elements[para.number - 1].iter(f"{W}r"):
            _set_look(run, TITLE_FONT, fonts.TITLE_SIZE)
    for para in sheet.parts.body:
        head, _ = fonts.heading_runs(para)
        for element, run in zip(elements[para.number - 1].iter(f"{W}r"), para.runs, strict=False):
            if run.text.strip():
                _set_look(element, fonts.expected_font(para, run, head)[0], fonts.BODY_SIZE)


def _half_width_at(para: Para) -> int | None:
    """Where in the paragraph's text the half-width point of its numbering is."""
    text = para.text
    prefix = NOTE_PREFIX.match(text)
    start = prefix.end() if prefix else 0
    start += len(text[start:]) - len(text[start:].lstrip())
    found = HALF_WIDTH_THIRD.match(text[start:])
    return start + found.end() - 1 if found else None


def fix_half_width(document: Document, sheet: Sheet) -> None:
    elements = _elements(document)
    for para in sheet.parts.body:
        at = _half_width_at(para)
        if at is None:
            continue
        for t in elements[para.number - 1].iter(f"{W}t"):
            length = len(t.text or "")
            if at < length:
                t.text = t.text[:at] + "．" + t.text[at + 1 :]
                break
            at -= length


def _field_run(paragraph: Any, kind: str, value: str = "") -> None:
    run = paragraph.add_run(value if kind == "text" else "")
    _set_look(run._r, "宋体", 14, latin="宋体")
    if kind == "instr":
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = " PAGE "
        run._r.append(instr)
    elif kind != "text":
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)


def _page_number(footer: Any, align: WD_ALIGN_PARAGRAPH) -> None:
    footer.is_linked_to_previous = False
    for element in list(footer._element):
        footer._element.remove(element)
    paragraph = footer.add_paragraph()
    paragraph.alignment = align
    side = "right_indent" if align == WD_ALIGN_PARAGRAPH.RIGHT else "left_indent"
    setattr(paragraph.paragraph_format, side, Pt(14))
    for kind, value in (("text", "— "), ("begin", ""), ("instr", ""), ("separate", ""), ("text", "1")):
        _field_run(paragraph, kind, value)
    _field_run(paragraph, "end")
    _field_run(paragraph, "text", " —")


def fix_page_numbers(document: Document) -> None:
    """“— 1 —” in 4号宋体: odd pages right, even pages left, one character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    for number, section in enumerate(document.sections):
        if number:
            section.footer.is_linked_to_previous = True
            section.even_page_footer.is_linked_to_previous = True
            continue
        _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def fix(document: Document, sheet: Sheet, codes: set[str]) -> bytes:
    """The document with what these findings' codes call for mended, saved as bytes."""
    if "LAYOUT_PAGE_SIZE" in codes or "LAYOUT_MARGINS" in codes:
        fix_page(document)
    if "LAYOUT_LINE_GRID" in codes:
        fix_grid(document, sheet.layout.default_size)
    if codes & {"LAYOUT_TITLE_FONT", "LAYOUT_BODY_FONT", "LAYOUT_HEADING_FONT", "LAYOUT_BODY_SIZE"}:
        fix_fonts(document, sheet)
    if "LAYOUT_HALF_WIDTH" in codes:
        fix_half_width(document, sheet)
    if codes & {"LAYOUT_PAGE_NUMBER", "LAYOUT_PAGE_NUMBER_FONT", "LAYOUT_PAGE_NUMBER_PLACE"}:
        fix_page_numbers(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
