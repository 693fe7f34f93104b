"""Every spreadsheet the suite exports (.xlsx, CSV) holds text as text, never as a formula.

A text cell that a spreadsheet program would run (OWASP "CSV injection") — one that begins
with `=`, `+`, `-`, `@`, a tab or a carriage return — is written with a leading apostrophe.
So that an import can tell that apostrophe from one the text really begins with, a text of
apostrophes followed by one of those characters gets one more too: an import strips one
apostrophe exactly when what follows the apostrophes is one of those characters, and
export → import gives back the original text. Numbers and dates stay what they are.

`office_xlsx` writes a ledger as an office keeps it (title row, widths, a frozen and filtered
header row, date cells in the office's time zone); every service's ledger goes through it.
"""

import csv
import io
import itertools
from collections.abc import Collection, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

Row = Iterable[Any]


def _runs(text: str) -> bool:
    return text.lstrip("'").startswith(TRIGGERS)


def escape(text: str) -> str:
    """The text as it goes into a cell: an apostrophe before what a spreadsheet would run."""
    return "'" + text if _runs(text) else text


def unescape(text: str) -> str:
    """The text an export wrote with `escape`, as it was."""
    return text[1:] if text.startswith("'") and _runs(text) else text


def cell(value: Any) -> Any:
    """A cell's value for an export: text escaped, anything else as it is."""
    return escape(value) if isinstance(value, str) else value


def xlsx(title: str, rows: Iterable[Row]) -> bytes:
    """A one-sheet workbook of these rows; every text cell a string cell (openpyxl type `s`)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row, start=1):
            written = sheet.cell(row=number, column=index, value=cell(value))
            if isinstance(written.value, str):
                written.data_type = "s"
    return _saved(book)


def csv_bytes(rows: Iterable[Row]) -> bytes:
    """The rows as UTF-8 CSV with a byte-order mark (so that Excel reads the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["" if v is None else cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TITLE_ROW, HEADER_ROW = 1, 2
"""An office sheet: its title on the first row, the column headers on the second, data below."""
_TITLE_FONT = Font(name="宋体", size=16, bold=True)
_HEADER_FONT = Font(name="宋体", size=11, bold=True)
_HEADER_FILL = PatternFill("solid", start_color="FFD9D9D9")
_EDGE = Side(style="thin", color="FF808080")
_BORDER = Border(left=_EDGE, right=_EDGE, top=_EDGE, bottom=_EDGE)


@dataclass(frozen=True)
class Column:
    """A column of an office sheet: its header, its width (in characters), and what its cells hold."""

    header: str
    width: float = 12
    form: Literal["text", "number", "date", "datetime"] = "text"


def local_cell(value: Any, timezone: ZoneInfo, form: str = "datetime") -> Any:
    """A cell's value: an aware time as the office's wall-clock time (Excel keeps no zone), in a date
    column its day; text escaped."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(timezone).replace(tzinfo=None)
    if isinstance(value, datetime) and form == "date":
        return value.date()
    return cell(value)


def office_xlsx(
    *, sheet: str, title: str, columns: Sequence[Column], rows: Iterable[Row], timezone: ZoneInfo
) -> bytes:
    """A ledger as an office keeps it: a title row, bold headers that stay in view and filter,
    column widths, dates as date cells in the office's time zone; text stays text."""
    book = openpyxl.Workbook()
    page = book.active
    assert page is not None
    page.title = sheet[:31]
    _title(page, title, len(columns))
    page.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        header = page.cell(row=HEADER_ROW, column=index)
        header.font, header.fill, header.border = _HEADER_FONT, _HEADER_FILL, _BORDER
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        page.column_dimensions[get_column_letter(index)].width = column.width
    styles = _cell_styles(book, columns)
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        for index, (value, column) in enumerate(zip(row, columns, strict=False), start=1):
            written = page.cell(row=number, column=index, value=local_cell(value, timezone, column.form))
            written._style = copy(styles[index - 1])  # one style per column, not one per cell
            if isinstance(written.value, str):
                written.data_type = "s"
    _layout(page, len(columns))
    return _saved(book)


_FORMATS = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT}


def _cell_styles(book: openpyxl.Workbook, columns: Sequence[Column]) -> list[Any]:
    """Each column's data cell style (a border, a date format), made once on a scratch sheet."""
    scratch = book.create_sheet()
    styles = []
    for index, column in enumerate(columns, start=1):
        probe = scratch.cell(row=1, column=index)
        probe.border = _BORDER
        if column.form in _FORMATS:
            probe.number_format = _FORMATS[column.form]
        styles.append(probe._style)
    book.remove(scratch)
    return styles


def _title(page: Any, title: str, width: int) -> None:
    page.append([escape(title)])
    page.cell(row=TITLE_ROW, column=1).font = _TITLE_FONT
    page.cell(row=TITLE_ROW, column=1).alignment = Alignment(horizontal="center", vertical="center")
    page.row_dimensions[TITLE_ROW].height = 30
    if width > 1:
        page.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)


def _layout(page: Any, width: int) -> None:
    """The header row frozen and filtered, printed on every page, landscape, one page wide."""
    last = get_column_letter(max(width, 1))
    page.freeze_panes = f"A{HEADER_ROW + 1}"
    page.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(page.max_row, HEADER_ROW)}"
    page.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    page.page_setup.orientation = "landscape"
    page.page_setup.fitToWidth, page.page_setup.fitToHeight = 1, 0
    page.sheet_properties.pageSetUpPr.fitToPage = True


def _saved(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def header_row(rows: Iterable[Sequence[Any]], known: Collection[str], *, within: int = 3) -> int:
    """The 0-based index of the header row among the first `within` rows: the first holding a known
    header (an office sheet's title row comes before it); 0 when none does."""
    for index, row in enumerate(itertools.islice(rows, within)):
        if any(isinstance(v, str) and v.strip() in known for v in row):
            return index
    return 0
