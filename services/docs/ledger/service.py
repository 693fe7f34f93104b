"""Reading and writing the incoming ledger (收文登记簿) as .xlsx or CSV.

The export is the office's: Chinese headers and words, times in the office's time zone (date cells
in the .xlsx), a title row with the year. An import reads it back, and also a sheet with the
English headers and codes of the API.
"""

import csv
import io
import itertools
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any, TypeVar
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import openpyxl
from openpyxl.utils.datetime import from_excel
from pydantic import ValidationError

from services.docs.ledger import labels
from services.docs.ledger.labels import label, names
from services.docs.models import IncomingDocument
from services.docs.schemas import IncomingCreate
from shared import spreadsheet
from shared.spreadsheet import Column

COLUMNS = [
    Column("收文编号", 15), Column("收文时间", 17, "datetime"), Column("来文单位", 22),
    Column("来文字号", 20), Column("标题", 44), Column("渠道", 9), Column("密级", 7), Column("缓急", 7),
    Column("收文单位", 14), Column("主办单位", 14), Column("协办单位", 22),
    Column("办理期限", 12, "date"), Column("状态", 9), Column("办结时间", 17, "datetime"),
    Column("催办次数", 9, "number"),
]  # fmt: skip
IMPORTED = {  # header → field of the registration; the API's own names are taken too
    "标题": "title", "来文单位": "source_org", "来文字号": "source_ref", "渠道": "channel",
    "密级": "classification", "缓急": "urgency", "收文时间": "received_at", "收文单位": "unit",
}  # fmt: skip
IMPORTED |= {field: field for field in set(IMPORTED.values())}
WORDS = {
    "channel": labels.codes(labels.CHANNEL),
    "classification": labels.codes(labels.CLASSIFICATION),
    "urgency": labels.codes(labels.URGENCY),
}
XLSX = spreadsheet.XLSX
CSV_TIME = "%Y-%m-%d %H:%M"
TIME_FORMS = ("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日")
EXCEL_DAYS = 2958466  # day 9999-12-31 of Excel's calendar


def title(year: int, unit_name: str | None) -> str:
    """The ledger's title row: 2022年收文登记簿, or 2022年收文登记簿（南宁市局）for one unit."""
    return f"{year}年收文登记簿" + (f"（{unit_name}）" if unit_name else "")


def row(doc: IncomingDocument, units: dict[str, str]) -> list[Any]:
    """One document's line of the ledger, in the office's words."""
    return [
        doc.reg_no, doc.received_at, doc.source_org, doc.source_ref, doc.title,
        label(labels.CHANNEL, doc.channel), label(labels.CLASSIFICATION, doc.classification),
        label(labels.URGENCY, doc.urgency), units.get(doc.unit, doc.unit),
        names(units, [doc.lead_unit] if doc.lead_unit else None), names(units, doc.assist_units),
        doc.due, label(labels.INCOMING_STATUS, doc.status), doc.completed_at, doc.urge_count,
    ]  # fmt: skip


def export(
    documents: list[IncomingDocument], form: str, *, title: str, units: dict[str, str], timezone: ZoneInfo
) -> bytes:
    """The ledger as .xlsx (the office's layout) or CSV, through the shared writer that keeps text as text."""
    rows = [row(doc, units) for doc in documents]
    if form == "xlsx":
        return spreadsheet.office_xlsx(
            sheet="收文登记簿", title=title, columns=COLUMNS, rows=rows, timezone=timezone
        )
    header = [c.header for c in COLUMNS]
    return spreadsheet.csv_bytes([header, *([_csv_cell(v, timezone) for v in r] for r in rows)])


def _csv_cell(value: Any, timezone: ZoneInfo) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(timezone).strftime(CSV_TIME)
    return value.isoformat() if isinstance(value, date) else value


MAX_ROWS = 5000  # data rows of one import
MAX_COLUMNS = 50  # columns read of each row; the ledger has 8
MAX_UNPACKED = 64 * 1024 * 1024  # bytes of a workbook's parts once unzipped (a zip bomb is refused)
Row = TypeVar("Row")


class TooManyRows(ValueError):
    """The file holds, or its sheet declares, more than MAX_ROWS data rows."""


def read_ledger(
    content: bytes, media_type: str, *, unit_codes: dict[str, str], timezone: ZoneInfo
) -> tuple[list[tuple[int, IncomingCreate]], list[dict[str, Any]]]:
    """Reads and checks a ledger file: CPU work, so the route runs it in a thread. `unit_codes`
    maps a unit's name to its code (the export writes names)."""
    first, rows = read_rows(content, media_type)
    return parse_rows(rows, first=first, unit_codes=unit_codes, timezone=timezone)


def read_rows(content: bytes, media_type: str) -> tuple[int, list[dict[str, Any]]]:
    """The number of the first data row and the data rows as dicts by header, reading no further than
    the row limit (TooManyRows past it); raises ValueError when the file cannot be read. The header
    row is the first of the first rows holding a known header (a title row may come before it)."""
    if media_type.startswith("text/csv"):
        return _by_header(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    _require_bounded(content)
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    try:
        sheet = book.worksheets[0]
        if sheet.max_row is not None and sheet.max_row > MAX_ROWS + 3:  # the sheet's <dimension>
            raise TooManyRows(f"declares {sheet.max_row - 1} rows")
        sheet.reset_dimensions()  # a dimension that understates must not cut the reading short
        return _by_header(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
    finally:
        book.close()


def _by_header(rows: Iterable[Sequence[Any]]) -> tuple[int, list[dict[str, Any]]]:
    rows = iter(rows)
    leading = list(itertools.islice(rows, 3))
    at = spreadsheet.header_row(leading, IMPORTED)
    header = [str(h).strip() if h is not None else "" for h in (leading[at] if leading else ())]
    data = itertools.chain(leading[at + 1 :], rows)
    found = [dict(zip(header, r, strict=False)) for r in _at_most(data) if any(_filled(v) for v in r)]
    return at + 2, found


def _filled(value: Any) -> bool:
    return value is not None and value != ""


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


def parse_rows(
    rows: list[dict[str, Any]], *, first: int = 2, unit_codes: dict[str, str], timezone: ZoneInfo
) -> tuple[list[tuple[int, IncomingCreate]], list[dict[str, Any]]]:
    """Every row as (its number, a registration), and the row-level errors (`first` numbers the first)."""
    parsed: list[tuple[int, IncomingCreate]] = []
    errors: list[dict[str, Any]] = []
    for number, raw in enumerate(rows, start=first):
        fields = _fields(raw, unit_codes, timezone)
        try:
            parsed.append((number, IncomingCreate.model_validate(fields)))
        except ValidationError as exc:
            errors += [
                {"row": number, "field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
                for e in exc.errors()
            ]
    return parsed, errors


def _fields(raw: dict[str, Any], unit_codes: dict[str, str], timezone: ZoneInfo) -> dict[str, Any]:
    """A row's registration fields: the office's words as codes, a local time with the office's offset."""
    fields: dict[str, Any] = {}
    for header, value in raw.items():
        field = IMPORTED.get(header)
        value = _text(value)
        if field is None or value is None or value == "":
            continue
        if field in WORDS:
            value = WORDS[field].get(value, value)
        elif field == "unit":
            value = unit_codes.get(value, value)
        elif field == "received_at":
            value = _moment(value, timezone)
        fields[field] = value
    return fields


def _text(value: Any) -> Any:
    """A cell as the registration reads it: text as it was before export, stripped."""
    return spreadsheet.unescape(value).strip() if isinstance(value, str) else value


def _moment(value: Any, timezone: ZoneInfo) -> Any:
    """A time cell (naive: the office's wall clock; a bare number: an Excel serial day) or text (ISO
    8601 with or without an offset, or as Excel and WPS write a date: 2022/2/8 9:30, 2022年2月8日)."""
    if isinstance(value, str):
        value = _parsed_time(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = from_excel(value) if 0 < value < EXCEL_DAYS else value
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone)
    return f"无法识别的时间 {value}"  # never a number the registration would read as a Unix time


def _parsed_time(text: str) -> Any:
    """The time a text gives, a number, or the text."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for form in TIME_FORMS:
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    try:
        return float(text)
    except ValueError:
        return text
