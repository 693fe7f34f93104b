"""Every spreadsheet the suite exports (.xlsx, CSV) holds text as text, never as a formula.

A text cell that a spreadsheet program would run (OWASP "CSV injection") — one that begins
with `=`, `+`, `-`, `@`, a tab or a carriage return — is written with a leading apostrophe.
So that an import can tell that apostrophe from one the text really begins with, a text of
apostrophes followed by one of those characters gets one more too: an import strips one
apostrophe exactly when what follows the apostrophes is one of those characters, and
export → import gives back the original text. Numbers and dates stay what they are.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

import openpyxl

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
    for row in rows:
        sheet.append([cell(v) for v in row])
        for written in sheet[sheet.max_row]:
            if isinstance(written.value, str):
                written.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: Iterable[Row]) -> bytes:
    """The rows as UTF-8 CSV with a byte-order mark (so that Excel reads the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["" if v is None else cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")
