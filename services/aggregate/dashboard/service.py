"""What the dashboard shows: the same figures as `/api/v1/stats/{year}`, by the same functions, laid out.

A unit's caller sees its own unit only; office callers (and auditors) any unit or the whole office.
"""

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate import metrics as M
from services.aggregate import service
from services.aggregate.indicators import service as indicators
from services.aggregate.indicators.schemas import IndicatorsSummary
from services.aggregate.schemas import MonthlyStats, ProjectionStatus, UnitsStats, YearStats
from shared.auth import Caller
from shared.envelope import utcnow
from shared.errors import Forbidden
from shared.units import UnitRegistry

HEADLINES: tuple[tuple[M.Metric, str], ...] = (
    (M.RECEIVED_TOTAL, "收文"),
    (M.SENT_TOTAL, "发文"),
    (M.RETURNED, "退回修改"),
    (M.MATERIALS, "文字材料"),
    (M.MEETINGS_TOTAL, "会议"),
    (M.MEETINGS_PROVINCIAL_STAT, "省级统计会议"),
    (M.MEETINGS_WORKING, "工作会议"),
    (M.MEETINGS_PARTY_GROUP, "党组会议"),
    (M.MEETINGS_OFFICE_AFFAIRS, "厅务会议"),
    (M.MEETINGS_PARTY_BUILDING, "党建会议"),
    (M.MEETINGS_EXTERNAL_OTHER, "其他会议"),
    (M.INFO_SUBMITTED, "政务信息报送"),
    (M.INFO_ADOPTED, "政务信息采用"),
    (M.INFO_POINTS, "信息得分"),
    (M.REGION_RANK, "全区排名"),
    (M.INFO_DISCLOSURES, "信息公开"),
    (M.SUPERVISION_CREATED, "督办立项"),
    (M.SUPERVISION_COMPLETED, "督办办结"),
    (M.SUPERVISION_OVERDUE, "督办超期"),
)
MONTHLY_NAMES = {
    M.RECEIVED_TOTAL: "收文",
    M.SENT_TOTAL: "发文",
    M.MEETINGS_TOTAL: "会议",
    M.INFO_POINTS: "信息得分",
}
LOGISTICS_NAMES = {
    "trips": "派车（次）",
    "mileage_km": "行驶里程（公里）",
    "receptions": "公务接待（批次）",
    "reception_guests": "接待人数",
    "subscriptions": "报刊征订（种）",
    "subscription_copies": "报刊征订（份）",
    "purchases": "物资采购",
    "requisitions": "物资领用",
    "tickets.opened": "维修报修",
    "tickets.resolved": "维修办结",
    "tickets.resolve_minutes": "维修用时（分钟）",
    "inspections": "安全检查",
    "inspections.missed": "安全检查漏检",
}
INDICATOR_ROLES = ("staff", "leader", "admin", "auditor")


def figure(stats: YearStats, path: str) -> int | None:
    """A figure by its dotted name (`docs.received.total`): a count, or the value of a compared count."""
    value: Any = stats.model_dump()
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, dict):
        value = value.get("value")
    return value if isinstance(value, int) else None


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    value: int | None
    prev: int | None

    @property
    def delta(self) -> int | None:
        return None if self.value is None or self.prev is None else self.value - self.prev


@dataclass(frozen=True)
class View:
    year: int
    unit: str | None
    rows: list[Row]
    monthly: MonthlyStats
    units: UnitsStats | None
    indicators: IndicatorsSummary | None


def unit_for(caller: Caller, unit: str | None, units: UnitRegistry) -> str | None:
    """The unit the caller looks at: a unit's caller its own (403 for another), the office any or all."""
    if unit is not None:
        units.require(unit, "unit")
    if caller.sees_every_unit:
        return unit
    if unit is not None and unit != caller.unit:
        raise Forbidden(f"只能查看本单位的统计 (only your own unit's figures): {caller.unit}")
    return caller.unit


def year_shown(year: int | None, timezone: ZoneInfo) -> int:
    """The year the page shows: the one asked for, else this year in the office's time zone."""
    return year or utcnow().astimezone(timezone).year


def rows_of(stats: YearStats, prev: YearStats) -> list[Row]:
    rows = [Row(key, name, figure(stats, key), figure(prev, key)) for key, name in HEADLINES]
    for key in dict.fromkeys([*LOGISTICS_NAMES, *stats.logistics]):  # a count nobody made yet is 0
        name = LOGISTICS_NAMES.get(key, key)
        rows.append(Row(f"logistics.{key}", name, stats.logistics.get(key, 0), prev.logistics.get(key, 0)))
    return rows


async def view(
    *, session: AsyncSession, caller: Caller, year: int, unit: str | None, units: UnitRegistry
) -> View:
    """Everything one dashboard page shows."""
    stats = await service.year_stats(session=session, year=year, unit=unit)
    prev = await service.year_stats(session=session, year=year - 1, unit=unit)
    whole_office = unit is None
    return View(
        year=year,
        unit=unit,
        rows=rows_of(stats, prev),
        monthly=await service.monthly_stats(session=session, year=year, unit=unit),
        units=await service.units_stats(session=session, year=year, units=units) if whole_office else None,
        indicators=(
            await indicators.year_summary(session=session, year=year)
            if caller.has(*INDICATOR_ROLES)
            else None
        ),
    )


async def projection(session: AsyncSession) -> ProjectionStatus:
    """How far the figures are projected, as the page shows it (no lag: the page does not ask the bus)."""
    return await service.projection_status(session=session, pending=None)


async def last_change(session: AsyncSession) -> dict[str, Any]:
    """When the figures last changed: the events applied and the last one's time (office time)."""
    current = await projection(session)
    return current.model_dump(mode="json", include={"events_applied", "last_event_time"})
