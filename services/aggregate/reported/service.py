"""The rules of reported figures: enter one (an event the aggregate itself projects), read a year."""

from sqlalchemy import select

from services.aggregate.models import ALL_UNITS, ReportedEntry
from services.aggregate.reported.catalogue import BY_METRIC, METRICS, canonical
from services.aggregate.reported.schemas import ReportedMetricRead, ReportedPut, ReportedRead, ReportedYear
from shared.auth import Caller
from shared.command import Command, Inquiry
from shared.contracts.aggregate import ReportedEntered
from shared.contracts.base import envelope_for
from shared.errors import Forbidden, Invalid
from shared.lookup import get_or_404
from shared.outbox import add_event
from shared.units import UnitRegistry


def metric_list() -> list[ReportedMetricRead]:
    """Every figure that is entered rather than recorded: name, measure, kind of value, per unit."""
    return [ReportedMetricRead(**vars(m)) for m in METRICS]


def _require_office_staff(caller: Caller) -> None:
    if not caller.has("staff", "admin"):
        raise Forbidden("只有办公室工作人员或管理员可以填报 (office staff or admin only)")


def _valid(payload: ReportedPut, units: UnitRegistry) -> str:
    metric = BY_METRIC.get(payload.metric)
    if metric is None:
        raise Invalid("metric", f"未知的填报指标 (unknown metric) {payload.metric!r}，见 /reported/metrics")
    if payload.unit is not None:
        units.require(payload.unit, "unit")
        if not metric.per_unit:
            raise Invalid("unit", f"“{metric.name}”只填报全厅数，unit 应为 null (department only)")
    value = canonical(metric, payload.value)
    if value is None:
        wanted = "不小于0的整数" if metric.kind == "count" else "不小于0、至多两位小数的金额"
        raise Invalid("value", f"“{metric.name}”应为{wanted}（{metric.measure}） (wrong kind of value)")
    return value


async def enter(cmd: Command, year: int, payload: ReportedPut) -> tuple[ReportedEntry, bool]:
    """Enters (or replaces) a figure of a year; answers the entry and whether it is new."""
    _require_office_staff(cmd.caller)
    value = _valid(payload, cmd.units)
    unit = payload.unit or ALL_UNITS
    entry = await cmd.session.get(ReportedEntry, (year, payload.metric, unit), with_for_update=True)
    created = entry is None
    if entry is None:
        entry = ReportedEntry(year=year, metric=payload.metric, unit=unit)
    entry.value, entry.note, entry.entered_by, entry.entered_at = value, payload.note, cmd.caller.sub, cmd.now
    cmd.session.add(entry)
    event = ReportedEntered(
        year=year, metric=entry.metric, unit=payload.unit, value=value, note=payload.note,
        entered_by=cmd.caller.sub, entered_at=entry.entered_at,
    )  # fmt: skip
    subject = f"{year}/{entry.metric}/{unit}"
    await add_event(
        cmd.session, envelope_for(event, subject=subject, unit=payload.unit, actor=cmd.caller.sub)
    )
    return entry, created


def read(entry: ReportedEntry) -> ReportedRead:
    metric = BY_METRIC[entry.metric]
    return ReportedRead(
        year=entry.year, metric=entry.metric, name=metric.name, measure=metric.measure,
        unit=None if entry.unit == ALL_UNITS else entry.unit, value=entry.value, note=entry.note,
        entered_by=entry.entered_by, entered_at=entry.entered_at,
    )  # fmt: skip


def _require_reader(caller: Caller) -> None:
    caller.require("staff", "leader", "admin", "auditor")


async def year_entries(ask: Inquiry, year: int) -> ReportedYear:
    """Every figure entered for a year, with who entered it and when."""
    _require_reader(ask.caller)
    query = select(ReportedEntry).where(ReportedEntry.year == year)
    rows = (await ask.session.scalars(query.order_by(ReportedEntry.metric, ReportedEntry.unit))).all()
    return ReportedYear(year=year, items=[read(row) for row in rows if row.metric in BY_METRIC])


async def one_entry(ask: Inquiry, *, year: int, metric: str, unit: str | None) -> ReportedRead:
    """One entered figure of a year (the department's when `unit` is None), or 404."""
    _require_reader(ask.caller)
    if metric not in BY_METRIC:
        raise Invalid("metric", f"未知的填报指标 (unknown metric) {metric!r}")
    if unit is not None:
        ask.units.require(unit, "unit")
    missing = f"{year}年尚未填报“{BY_METRIC[metric].name}” (not entered)"
    return read(await get_or_404(ask.session, ReportedEntry, (year, metric, unit or ALL_UNITS), missing))
