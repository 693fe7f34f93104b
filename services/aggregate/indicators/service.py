"""The rules of performance indicators: set one, read a year with its summary."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate.indicators.schemas import IndicatorPut, IndicatorRead, IndicatorsSummary, KindSummary
from services.aggregate.models import Indicator
from shared.command import Command

KINDS = ("basic", "aspirational", "bonus", "management", "special")


async def put_indicator(cmd: Command, year: int, code: str, payload: IndicatorPut) -> Indicator:
    """Creates or replaces an indicator of a year."""
    cmd.caller.require("staff", "admin")
    indicator = await cmd.session.get(Indicator, (year, code)) or Indicator(year=year, code=code)
    for field in ("name", "kind", "points", "self_score", "completed", "at_risk", "office_led", "note"):
        setattr(indicator, field, getattr(payload, field))
    indicator.updated_at = cmd.at(payload.at)
    cmd.session.add(indicator)
    return indicator


async def year_summary(*, session: AsyncSession, year: int) -> IndicatorsSummary:
    """A year's indicators, totals by kind, and those at risk of losing points."""
    rows = list(
        (
            await session.scalars(select(Indicator).where(Indicator.year == year).order_by(Indicator.code))
        ).all()
    )
    by_kind = {
        kind: KindSummary(
            count=sum(1 for r in rows if r.kind == kind),
            points=sum(r.points for r in rows if r.kind == kind),
            completed=sum(1 for r in rows if r.kind == kind and r.completed),
            self_score=sum(r.self_score or 0 for r in rows if r.kind == kind),
        )
        for kind in KINDS
    }
    return IndicatorsSummary(
        year=year,
        items=[IndicatorRead.model_validate(r) for r in rows],
        by_kind=by_kind,
        at_risk=[r.name for r in rows if r.at_risk],
    )
