"""Reading and writing the incoming ledger (收文登记簿) as .xlsx or CSV."""

import csv
import io
from datetime import datetime
from typing import Any

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


def read_rows(content: bytes, media_type: str) -> list[dict[str, Any]]:
    """The data rows as dicts by header; raises ValueError when the file cannot be read."""
    if media_type.startswith("text/csv"):
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        return [dict(row) for row in reader]
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    return [dict(zip(header, row, strict=False)) for row in rows if any(v is not None for v in row)]


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
