"""The monthly supervision notice (督办月通报) as files people read: a .docx to print, an .xlsx to sort."""

import io
from typing import Any
from zoneinfo import ZoneInfo

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from services.docs.models import SupervisionNotice
from shared import spreadsheet
from shared.contracts.docs import SupervisionNoticeRow
from shared.spreadsheet import Column
from shared.text import chinese_date

FIGURES = ("created", "done", "done_late", "open", "overdue")
COLUMNS = [
    Column("序号", 6, "number"), Column("单位", 18), Column("本月交办", 10, "number"),
    Column("本月办结", 10, "number"), Column("其中逾期办结", 12, "number"),
    Column("月末在办", 10, "number"), Column("其中逾期", 10, "number"),
]  # fmt: skip
TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"
ISSUER = "办公室"


def title(notice: SupervisionNotice) -> str:
    return f"{notice.year}年{notice.month}月督办工作通报"


def lines(notice: SupervisionNotice) -> list[SupervisionNoticeRow]:
    return [SupervisionNoticeRow.model_validate(row) for row in notice.rows]


def rows(notice: SupervisionNotice, units: dict[str, str]) -> list[list[Any]]:
    """Each unit's line in the order published, then the totals (合计)."""
    table: list[list[Any]] = [
        [n, units.get(row.unit, row.unit), *(getattr(row, f) for f in FIGURES)]
        for n, row in enumerate(lines(notice), start=1)
    ]
    return [*table, [None, "合计", *totals(notice).values()]]


def totals(notice: SupervisionNotice) -> dict[str, int]:
    return {f: sum(getattr(row, f) for row in lines(notice)) for f in FIGURES}


def summary(notice: SupervisionNotice, units: dict[str, str]) -> list[str]:
    """The notice's paragraphs: the month's figures, then the units with items overdue."""
    t = totals(notice)
    text = [
        f"现将{notice.year}年{notice.month}月各单位督办事项办理情况通报如下。",
        f"本月共交办督办事项{t['created']}项，办结{t['done']}项（其中逾期办结{t['done_late']}项）；"
        f"截至月末在办{t['open']}项，其中逾期{t['overdue']}项。",
    ]
    late = [
        f"{units.get(str(r['unit']), str(r['unit']))}（{r['overdue']}项）"
        for r in notice.rows
        if r["overdue"]
    ]
    if late:
        text.append(f"逾期未办结事项的单位：{'、'.join(late)}。请上述单位抓紧办理，按要求报送进展。")
    return text


def xlsx(notice: SupervisionNotice, units: dict[str, str], timezone: ZoneInfo) -> bytes:
    return spreadsheet.office_xlsx(
        sheet=f"{notice.year}-{notice.month:02d}",
        title=title(notice),
        columns=COLUMNS,
        rows=rows(notice, units),
        timezone=timezone,
    )


def _font(paragraph: Paragraph, east_asian: str, size: float, *, bold: bool = False) -> None:
    for run in paragraph.runs:
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, "Times New Roman"
        run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _paragraph(document: Any, text: str, *, indent: bool = True, right: bool = False) -> None:
    paragraph = document.add_paragraph(text)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(paragraph, BODY_FONT, 16)


def docx(notice: SupervisionNotice, units: dict[str, str], timezone: ZoneInfo) -> bytes:
    """The notice to print: title, the month's figures, each unit's line in a table, the issuer and date."""
    document = Document()
    heading = document.add_paragraph(title(notice))
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading, TITLE_FONT, 22)
    for text in summary(notice, units):
        _paragraph(document, text)
    _table(document, rows(notice, units))
    _paragraph(document, ISSUER, indent=False, right=True)
    published = chinese_date(notice.published_at.astimezone(timezone).date())
    _paragraph(document, published, indent=False, right=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document: Any, lines: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, column in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = column.header
        _font(cell.paragraphs[0], "黑体", 12)
    for line in lines:
        for cell, value in zip(table.add_row().cells, line, strict=True):
            cell.text = "" if value is None else str(value)
            _font(cell.paragraphs[0], BODY_FONT, 12)
