"""Reading and writing the incoming ledger (收文登记簿) as .xlsx or CSV."""

import csv
import io
import itertools
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any, TypeVar
from xml.etree import ElementTree

import openpyxl
from pydantic import ValidationError

from services.docs.models import IncomingDocument
from services.docs.schemas import IncomingCreate
from shared import spreadsheet

COLUMNS = ["reg_no", "title", "source_org", "source_ref", "channel", "classification", "urgency",
           "received_at", "unit", "status"]  # fmt: skip
IMPORTED = [
    "title",
    "source_org",
    "source_ref",
    "channel",
    "classification",
    "urgency",
    "received_at",
    "unit",
]
XLSX = spreadsheet.XLSX


def export(documents: list[IncomingDocument], form: str) -> bytes:
    """The ledger as .xlsx or CSV (`form`), through the shared writer that keeps text as text."""
    rows = [COLUMNS, *([_cell(getattr(doc, column)) for column in COLUMNS] for doc in documents)]
    return spreadsheet.csv_bytes(rows) if form == "csv" else spreadsheet.xlsx("收文登记", rows)


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


MAX_ROWS = 5000  # data rows of one import
MAX_COLUMNS = 50  # columns read of each row; the ledger has 8
MAX_UNPACKED = 64 * 1024 * 1024  # bytes of a workbook's parts once unzipped (a zip bomb is refused)
Row = TypeVar("Row")


class TooManyRows(ValueError):
    """The file holds, or its sheet declares, more than MAX_ROWS data rows."""


def read_ledger(
    content: bytes, media_type: str
) -> tuple[list[tuple[int, IncomingCreate]], list[dict[str, Any]]]:
    """Reads and checks a ledger file: CPU work, so the route runs it in a thread."""
    return parse_rows(read_rows(content, media_type))


def read_rows(content: bytes, media_type: str) -> list[dict[str, Any]]:
    """The data rows as dicts by header, reading no further than the row limit (TooManyRows past it);
    raises ValueError when the file cannot be read."""
    if media_type.startswith("text/csv"):
        return _at_most(dict(row) for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    _require_bounded(content)
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    try:
        sheet = book.worksheets[0]
        if sheet.max_row is not None and sheet.max_row > MAX_ROWS + 1:  # the sheet's <dimension>
            raise TooManyRows(f"declares {sheet.max_row - 1} rows")
        sheet.reset_dimensions()  # a dimension that understates must not cut the reading short
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        return [
            dict(zip(header, row, strict=False)) for row in _at_most(rows) if any(v is not None for v in row)
        ]
    finally:
        book.close()


def _require_bounded(content: bytes) -> None:
    """A workbook small once unzipped, each sheet declaring its size before its rows: openpyxl reads
    a sheet without a <dimension> to its end just to size it."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
        if sum(part.file_size for part in parts) > MAX_UNPACKED:
            raise ValueError(f"解压后超过 {MAX_UNPACKED // (1024 * 1024)} MiB (unpacks too large)")
        for part in parts:
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                with archive.open(part) as source:
                    if not _declares_dimension(source):
                        raise ValueError("工作表未声明尺寸，请用 Excel 或 WPS 另存后上传 (no <dimension>)")


def _declares_dimension(source: IO[bytes]) -> bool:
    for _, element in ElementTree.iterparse(source, events=("start",)):
        tag = str(element.tag).rpartition("}")[2]
        if tag in ("dimension", "sheetData"):
            return tag == "dimension"
    return False


def _at_most(rows: Iterable[Row]) -> list[Row]:
    """The rows, reading one past the limit at most (TooManyRows then)."""
    taken = list(itertools.islice(rows, MAX_ROWS + 1))
    if len(taken) > MAX_ROWS:
        raise TooManyRows(f"more than {MAX_ROWS} rows")
    return taken


def parse_rows(rows: list[dict[str, Any]]) -> tuple[list[tuple[int, IncomingCreate]], list[dict[str, Any]]]:
    """Every row as (its number, a registration), and the row-level errors (row 2 is the first data row)."""
    parsed: list[tuple[int, IncomingCreate]] = []
    errors: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=2):
        fields = {k: _text(row.get(k)) for k in IMPORTED if _text(row.get(k)) not in (None, "")}
        try:
            parsed.append((number, IncomingCreate.model_validate(fields)))
        except ValidationError as exc:
            errors += [
                {"row": number, "field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
                for e in exc.errors()
            ]
    return parsed, errors


def _text(value: Any) -> Any:
    """A cell as the registration reads it: a date as ISO text, text as it was before export."""
    if isinstance(value, str):
        return spreadsheet.unescape(value)
    return value.isoformat() if isinstance(value, datetime) else value
