"""The supervision ledger (督办台账) as the office keeps it: each item with its progress and overdue."""

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select

from services.docs.ledger import labels
from services.docs.ledger.labels import YES_NO, label
from services.docs.models import SupervisionItem
from services.docs.supervision import service
from shared import spreadsheet
from shared.auth import Caller
from shared.spreadsheet import Column

COLUMNS = [
    Column("督办事项", 40), Column("来源", 12), Column("来源编号", 22), Column("承办单位", 14),
    Column("交办日期", 12, "date"), Column("办理期限", 12, "date"), Column("状态", 9),
    Column("进展次数", 9, "number"), Column("最新进展", 40), Column("最新进展时间", 17, "datetime"),
    Column("催办次数", 9, "number"), Column("办结时间", 17, "datetime"), Column("是否逾期", 9),
    Column("按期办结", 9),
]  # fmt: skip


def title(year: int, unit_name: str | None) -> str:
    """2022年督办台账, or 2022年督办台账（南宁市局）for one assignee unit."""
    return f"{year}年督办台账" + (f"（{unit_name}）" if unit_name else "")


def items(caller: Caller, year: int, unit: str | None, today: date) -> Select[SupervisionItem]:
    """The items assigned in the year that this caller may see (403 for another unit's), in order."""
    query = service.filter_items(
        service.visible_items(caller), caller=caller, unit=unit, year=year, as_of=today
    )
    return query.order_by(SupervisionItem.created_at, SupervisionItem.id)


def late(item: SupervisionItem, today: date) -> bool:
    """Overdue: flagged once its deadline passed, or still open past it today."""
    return item.overdue or (item.status == "open" and item.deadline < today)


def row(item: SupervisionItem, units: dict[str, str], today: date) -> list[Any]:
    """One item's line; its latest progress report (进展) as written."""
    reports = [entry for entry in item.entries if entry.kind == "progress"]
    latest = reports[-1] if reports else None
    return [
        item.title, label(labels.SUPERVISION_SOURCE, item.source), item.source_ref,
        units.get(item.assignee_unit, item.assignee_unit), item.created_at, item.deadline,
        label(labels.SUPERVISION_STATUS, item.status), item.progress_count,
        latest.note if latest else None, latest.at if latest else None, item.urge_count,
        item.completed_at, YES_NO[late(item, today)],
        None if item.on_time is None else YES_NO[item.on_time],
    ]  # fmt: skip


def xlsx(
    rows: list[SupervisionItem], *, title: str, units: dict[str, str], today: date, timezone: ZoneInfo
) -> bytes:
    lines = [row(item, units, today) for item in rows]
    return spreadsheet.office_xlsx(
        sheet="督办台账", title=title, columns=COLUMNS, rows=lines, timezone=timezone
    )
