"""The report as a .docx in the layout of official documents (公文, GB/T 9704-2012).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, so a text block of 156 × 225 mm
holding 22 lines of 28 characters; title 2号 方正小标宋简体 centred; body 3号 仿宋_GB2312;
first-level headings 黑体, second-level 楷体_GB2312; page numbers "— 1 —" in 4号 宋体, odd
pages on the right and even on the left. Styles are the document's own (no Word blue headings),
every run names its East Asian font, and the language is zh-CN. The styled empty document is
built once; each report is written into a copy of it.
"""

import io
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import cast
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.oxml.text.font import CT_RPr
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from services.aggregate.report.layout import Figure, Part

TITLE_FONT, BODY_FONT, FIRST_FONT, SECOND_FONT, PAGE_FONT = (
    "方正小标宋简体",
    "仿宋_GB2312",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
LATIN = "Times New Roman"  # figures and letters in the body, as the office sets them
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)
LINE = Pt(28.95)  # 225 mm / 22 lines, in whole twips (579)
CHARS_PER_LINE = 28
TEXT_WIDTH = Mm(210 - 28 - 26)
PICTURE_WIDTH = Mm(150)
# 156 mm holds 27.6 characters of 3号: each is set 0.25 pt closer (in 1/20 pt), so 28 fit a line.
# (A grid of characters, w:docGrid linesAndChars, would do it in Word, but LibreOffice then sets
# every figure and letter in a full character's cell.)
CONDENSED = math.floor((TEXT_WIDTH.pt / CHARS_PER_LINE - SIZE_3.pt) * 20)
LANG = "zh-CN"
BODY, TITLE, FIRST, SECOND, PICTURE, CAPTION, PAGE_NUMBER = (
    "公文正文",
    "公文标题",
    "一级标题",
    "二级标题",
    "图",
    "图题",
    "页码",
)
HEADINGS = {1: (FIRST, FIRST_FONT), 2: (SECOND, SECOND_FONT)}
RPR_AFTER_SPACING = (
    *("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd"),
    *("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish"),
    "w:oMath",
)
RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
UNUSED_PARTS = ("/stylesWithEffects", "/customXml", "/thumbnail")
PPR_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _fonts(rpr: CT_RPr, east_asian: str, latin: str = LATIN) -> None:
    """Name the East Asian and the Latin font outright (no theme fonts)."""
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attribute, name in (
        ("w:ascii", latin),
        ("w:hAnsi", latin),
        ("w:eastAsia", east_asian),
        ("w:cs", latin),
    ):
        fonts.set(qn(attribute), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _language(rpr: CT_RPr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *RPR_AFTER_LANG)
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)


def _defaults(document: DocxDocument) -> None:
    """The document's defaults: 仿宋 3号, zh-CN, no spacing after paragraphs."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, BODY_FONT)
    rpr.sz_val = SIZE_3
    _language(rpr)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANG)
        theme_lang.set(qn("w:eastAsia"), LANG)


def _style(
    document: DocxDocument, name: str, font: str, size: Length, *, latin: str = LATIN
) -> ParagraphStyle:
    """A paragraph style of its own: black, exact line pitch, two characters' first-line indent."""
    style = cast(ParagraphStyle, document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH))
    style.quick_style = True
    style.font.size, style.font.bold, style.font.color.rgb = size, False, RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    _fonts(rpr, font, latin)
    _language(rpr)
    if size == SIZE_3:
        condensed = OxmlElement("w:spacing")
        condensed.set(qn("w:val"), str(CONDENSED))
        rpr.insert_element_before(condensed, *RPR_AFTER_SPACING)
    layout = style.paragraph_format
    layout.line_spacing_rule, layout.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    layout.space_before = layout.space_after = Pt(0)
    layout.first_line_indent = SIZE_3 * 2
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    layout.widow_control = False
    indent = style.element.get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLineChars"), "200")
    return style


def _outline(style: ParagraphStyle, level: int) -> None:
    """Word's navigation pane and table of contents see the heading (0 is the first level)."""
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    style.element.get_or_add_pPr().insert_element_before(outline, *PPR_AFTER_OUTLINE)


def _centred(style: ParagraphStyle) -> None:
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style.paragraph_format.first_line_indent = Pt(0)
    style.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")


def _styles(document: DocxDocument) -> None:
    _style(document, BODY, BODY_FONT, SIZE_3)
    title = _style(document, TITLE, TITLE_FONT, SIZE_2)
    _centred(title)
    title.paragraph_format.space_after = LINE  # one blank line between the title and the body
    for level, (name, font) in enumerate(((FIRST, FIRST_FONT), (SECOND, SECOND_FONT))):
        heading = _style(document, name, font, SIZE_3)
        heading.paragraph_format.keep_with_next = True
        _outline(heading, level)
    picture = _style(document, PICTURE, BODY_FONT, SIZE_3)
    _centred(picture)
    picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact pitch would crop it
    picture.paragraph_format.keep_with_next = True
    _centred(_style(document, CAPTION, BODY_FONT, SIZE_4))
    number = _style(document, PAGE_NUMBER, PAGE_FONT, SIZE_4, latin=PAGE_FONT)
    number.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    number.paragraph_format.first_line_indent = Pt(0)
    number.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")


def _page(document: DocxDocument) -> None:
    """A4, the standard's margins, the 22 × 28 grid; page numbers odd right, even left."""
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin, section.gutter = Mm(28), Mm(26), Mm(0)
    section.header_distance, section.footer_distance = Mm(15), Mm(22)  # number 7 mm below the text
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE.twips)))
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    _page_number(odd, WD_ALIGN_PARAGRAPH.RIGHT)
    odd.paragraph_format.right_indent = SIZE_4  # 单页码居右空一字
    even = section.even_page_footer.paragraphs[0]
    _page_number(even, WD_ALIGN_PARAGRAPH.LEFT)
    even.paragraph_format.left_indent = SIZE_4  # 双页码居左空一字


def _page_number(paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """ "— PAGE —": the number as a field between em dashes, in 宋体 throughout."""
    paragraph.style = PAGE_NUMBER
    paragraph.alignment = alignment
    rpr = _rpr_xml(PAGE_FONT, PAGE_FONT)
    contents = (
        '<w:t xml:space="preserve">— </w:t>',
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>1</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
        '<w:t xml:space="preserve"> —</w:t>',
    )
    runs = "".join(f"<w:r>{rpr}{content}</w:r>" for content in contents)
    for run in parse_xml(f"<w:p {nsdecls('w')}>{runs}</w:p>"):
        paragraph._p.append(run)


def _from_scratch(document: DocxDocument) -> None:
    """Only the styles Word requires (Normal, the default character, table and list styles), and
    none of python-docx's template parts: its 430 kB stylesWithEffects, thumbnail, custom XML."""
    styles = document.styles.element
    for style in [*styles.findall(qn("w:style")), *styles.findall(qn("w:latentStyles"))]:
        if style.get(qn("w:default")) != "1":
            styles.remove(style)
    for rels in (document.part.rels, document.part.package.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith(UNUSED_PARTS)]:
            del rels[rid]


@lru_cache(maxsize=1)
def _styled_empty() -> bytes:
    document = Document()
    _from_scratch(document)
    _defaults(document)
    _styles(document)
    _page(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _core(document: DocxDocument, title: str, author: str) -> None:
    properties, now = document.core_properties, datetime.now(UTC)
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.created = properties.modified = now
    properties.revision, properties.language, properties.comments = 1, LANG, ""


def _rpr_xml(font: str, latin: str = LATIN) -> str:
    fonts = f'w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{font}" w:cs="{latin}" w:hint="eastAsia"'
    return f"<w:rPr><w:rFonts {fonts}/></w:rPr>"


def _run_xml(text: str, font: str) -> str:
    return f'<w:r>{_rpr_xml(font)}<w:t xml:space="preserve">{_escaped(text)}</w:t></w:r>'


def _escaped(text: str) -> str:
    return escape(NOT_IN_XML.sub("", text), {'"': "&quot;"})


def _paragraph_xml(text: str, style: str, font: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{_run_xml(text, font)}</w:p>'


def _figures_xml(figures: list[Figure]) -> Iterator[str]:
    """Each picture (a w:drawing to fill) and its caption below it."""
    picture = (
        f'<w:p><w:pPr><w:pStyle w:val="{PICTURE}"/></w:pPr><w:r>{_rpr_xml(BODY_FONT)}<w:drawing/></w:r></w:p>'
    )
    for figure in figures:
        yield picture
        yield _paragraph_xml(figure.caption, CAPTION, BODY_FONT)


def _body_xml(title: str, parts: list[Part], rest: list[Figure]) -> Iterator[str]:
    yield _paragraph_xml(title, TITLE, TITLE_FONT)
    for part in parts:
        if part.section.title:  # the opening paragraph (level 0) has none
            yield _paragraph_xml(part.section.title, *HEADINGS.get(part.level, HEADINGS[2]))
        for text in part.section.paragraphs:
            yield _paragraph_xml(text, BODY, BODY_FONT)
        yield from _figures_xml(part.figures)
    if rest:
        yield _paragraph_xml("附图", *HEADINGS[2])
        yield from _figures_xml(rest)


def _picture(written: DocxDocument, figure: Figure, shape_id: int) -> CT_Inline:
    rid, image = written.part.get_or_add_image(io.BytesIO(figure.chart.image))
    cx, cy = image.scaled_dimensions(PICTURE_WIDTH, None)
    return CT_Inline.new_pic_inline(shape_id, rid, image.filename, cx, cy)


def document(title: str, author: str, parts: list[Part], rest: list[Figure]) -> bytes:
    """The report filed as the office files it: title, sections with their figures, numbered pages.

    The body is written as one piece of XML (python-docx's paragraph calls cost a few ms each).
    """
    written = Document(io.BytesIO(_styled_empty()))
    _core(written, title, author)
    body = parse_xml(f"<w:body {nsdecls('w')}>{''.join(_body_xml(title, parts, rest))}</w:body>")
    figures = [figure for part in parts for figure in part.figures] + rest
    for shape_id, (drawing, figure) in enumerate(
        zip(list(body.iter(qn("w:drawing"))), figures, strict=True), 1
    ):
        drawing.append(_picture(written, figure, shape_id))
    end = written.element.body.find(qn("w:sectPr"))
    for paragraph in list(body):
        end.addprevious(paragraph)
    out = io.BytesIO()
    written.save(out)
    return out.getvalue()
