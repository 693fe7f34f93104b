"""A 公文 built with python-docx to GB/T 9704-2012, and the one-mistake variants the tests use.

`build(Spec())` is correct; each field of `Spec` changed from its default is one mistake.
"""

import io
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

CENTER, RIGHT, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
CHAR_SPACE = round((156 / 28 / 25.4 * 72 - 16) * 4096)
BODY = [
    ("　　现将有关事项通知如下。", None),
    ("　　一、检查范围", "黑体"),
    ("　　（一）办公区域。", "楷体_GB2312"),
    ("　　1．门窗水电。", None),
    ("　　（1）每周巡查。", None),
    ("　　二、工作要求", "黑体"),
    ("　　请各单位认真组织。", None),
]


@dataclass
class Spec:
    paper: tuple[float, float] = (210, 297)
    margins: tuple[float, float, float, float] = (37, 35, 28, 26)  # top, bottom, left, right
    grid: bool = True
    marks: list[str] = field(default_factory=list)  # 份号, 密级, 紧急程度, top down
    header: bool = True
    issuer_color: str = "FF0000"
    doc_no: str = "X厅办发〔2022〕17号"
    doc_no_align: WD_ALIGN_PARAGRAPH = CENTER
    red_line: bool = True
    title: str = "关于开展2022年安全生产检查的通知"
    title_font: str = "方正小标宋简体"
    title_align: WD_ALIGN_PARAGRAPH = CENTER
    main_recipients: str | None = "各市局、厅机关各处室："
    body: list[tuple[str, str | None]] = field(default_factory=lambda: list(BODY))
    body_run_font: str | None = None  # a font set on one body run (the style gives 仿宋_GB2312)
    body_size: float = 16
    note: list[str] = field(default_factory=lambda: ["　　附件：1．检查表", "　　　　　2．联系人名单"])
    signature: str | None = "X省安全生产厅"
    signed_date: str = "2022年1月5日"
    attachments: list[str] = field(default_factory=lambda: ["附件1", "附件2"])
    colophon: list[str] = field(
        default_factory=lambda: ["抄送：省应急管理厅。", "X省安全生产厅办公室　　2022年1月5日印发"]
    )
    page_field: bool = True
    page_font: tuple[str, float] = ("宋体", 14)
    odd_even: bool = True
    odd_align: WD_ALIGN_PARAGRAPH = RIGHT


def _font(run_or_style: object, east_asia: str | None = None, size: float | None = None) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    if size is not None:
        font.size = Pt(size)
    if east_asia is not None:
        element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element  # type: ignore[attr-defined]
        element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _para(
    doc: DocxDocument,
    text: str,
    *,
    font: str | None = None,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    para = doc.add_paragraph()
    if align is not None:
        para.alignment = align
    run = para.add_run(text)
    _font(run, font, size)
    return para


def _red_rule(para: Paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "12"), ("space", "1"), ("color", "FF0000")):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    para._p.get_or_add_pPr().append(borders)


def _page_number(footer: object, spec: Spec, align: object) -> None:
    para = footer.paragraphs[0]  # type: ignore[attr-defined]
    para.alignment = align
    pieces: list[tuple[str, str]] = [("text", "— ")]
    if spec.page_field:
        pieces += [("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "1"), ("end", "")]
    else:
        pieces += [("text", "1")]
    pieces += [("text", " —")]
    for kind, value in pieces:
        run = para.add_run(value if kind == "text" else "")
        _font(run, spec.page_font[0], spec.page_font[1])
        run.font.name = spec.page_font[0]
        if kind in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.text = value
            run._r.append(instr)


def _page(doc: DocxDocument, spec: Spec) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(spec.paper[0]), Mm(spec.paper[1])
    top, bottom, left, right = spec.margins
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    if spec.grid:
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), "579")
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    doc.settings.odd_and_even_pages_header_footer = spec.odd_even
    _page_number(section.footer, spec, spec.odd_align)
    if spec.odd_even:
        _page_number(section.even_page_footer, spec, LEFT)


def _header(doc: DocxDocument, spec: Spec) -> None:
    for mark in spec.marks:
        _para(doc, mark, font="黑体", size=16)
    if not spec.header:
        return
    issuer = _para(doc, "X省安全生产厅文件", font="方正小标宋简体", size=36, align=CENTER)
    issuer.runs[0].font.color.rgb = RGBColor.from_string(spec.issuer_color)
    number = _para(doc, spec.doc_no, align=spec.doc_no_align)
    if spec.red_line:
        _red_rule(number)
    doc.add_paragraph()


def _body(doc: DocxDocument, spec: Spec) -> None:
    if spec.main_recipients:
        _para(doc, spec.main_recipients, size=spec.body_size)
    for index, (text, font) in enumerate(spec.body):
        para = _para(doc, text, font=font, size=spec.body_size)
        if index == 0 and spec.body_run_font:
            _font(para.add_run("各单位要高度重视。"), spec.body_run_font, spec.body_size)
    doc.add_paragraph()
    for line in spec.note:
        _para(doc, line, size=spec.body_size)
    if spec.signature:
        _para(doc, spec.signature, size=spec.body_size, align=RIGHT)
    _para(doc, spec.signed_date, size=spec.body_size, align=RIGHT)


def build(spec: Spec | None = None) -> bytes:
    """The .docx of this spec."""
    spec = spec or Spec()
    doc = Document()
    normal = doc.styles["Normal"]
    _font(normal, "仿宋_GB2312", 16)
    _page(doc, spec)
    _header(doc, spec)
    _para(doc, spec.title, font=spec.title_font, size=22, align=spec.title_align)
    doc.add_paragraph()
    _body(doc, spec)
    for attachment in spec.attachments:
        doc.add_page_break()  # type: ignore[no-untyped-call]
        _para(doc, attachment, font="黑体", size=16)
        _para(doc, "（附件内容）", size=16)
    doc.add_page_break()  # type: ignore[no-untyped-call]
    for line in spec.colophon:
        _para(doc, line, size=14)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pages(count: int) -> Spec:
    """A correct 公文 of about `count` pages (22 lines a page, headings in sequence)."""
    body: list[tuple[str, str | None]] = [BODY[0]]
    for number in range(1, count + 1):
        body.append((f"　　（{number}）第{number}项工作。", None))
        body += [("　　" + "各单位要按照要求认真做好各项工作，确保工作落到实处。" * 3, None)] * 7
    return Spec(body=body)
