"""What the register tests share: callers, reading an .xlsx and a .docx as a person would."""

import io
from typing import Any

import docx
import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tests.support import token

STAFF = token(clearance="top_secret")
NANNING = token(sub="nn", unit="NNCB", roles=("liaison",), clearance="top_secret")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PROBLEM = "application/problem+json"


def sheet_of(answer: Any) -> Worksheet:
    """The first sheet of an .xlsx answer (checked to be one)."""
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


def document_of(answer: Any) -> Any:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == DOCX
    return docx.Document(io.BytesIO(answer.content))


def headers(sheet: Worksheet) -> list[Any]:
    return [c.value for c in sheet[2]]


def records(sheet: Worksheet) -> list[dict[str, Any]]:
    """The data rows (below the title and header rows) by header."""
    names = headers(sheet)
    return [dict(zip(names, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)]


def width(sheet: Worksheet, header: str) -> float:
    """The width of the column under this header (openpyxl's default 13 when none is set)."""
    letter = get_column_letter(headers(sheet).index(header) + 1)
    return float(sheet.column_dimensions[letter].width)


def assert_office_layout(sheet: Worksheet, title: str, columns: int) -> None:
    """A title row across the columns, a bold header row frozen and filtered, each width set."""
    assert sheet["A1"].value == title
    last = get_column_letter(columns)
    assert [str(r) for r in sheet.merged_cells.ranges] == [f"A1:{last}1"]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:{last}{max(sheet.max_row, 2)}"
    assert all(sheet.cell(2, n).font.b for n in range(1, columns + 1))
    assert len(headers(sheet)) == columns
    assert all(width(sheet, h) != 13 for h in headers(sheet))  # each set (13 is openpyxl's default)
