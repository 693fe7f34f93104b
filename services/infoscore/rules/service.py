"""Scoring rules per year and targets per unit: set (replacing), read."""

from sqlalchemy.ext.asyncio import AsyncSession

from services.infoscore.models import ScoringRules, Target
from services.infoscore.rules import events
from services.infoscore.rules.schemas import MonthTargetIn, ScoringRulesUpdate, TargetUpdate
from shared.command import Command
from shared.errors import Invalid
from shared.lookup import get_or_404
from shared.outbox import add_event

TARGET_SETTERS = ("staff", "admin")
TARGET_FIELDS = ("submissions", "adoptions", "points")


async def set_rules(cmd: Command, year: int, payload: ScoringRulesUpdate) -> ScoringRules:
    """Sets a year's scoring table; adoptions already recorded keep their points."""
    cmd.caller.require("admin")
    rules = await cmd.session.get(ScoringRules, year) or ScoringRules(year=year)
    rules.national = payload.points.national
    rules.provincial = payload.points.provincial
    rules.department = payload.points.department
    rules.instruction_bonus = payload.instruction_bonus
    rules.set_by = cmd.caller.sub
    rules.set_at = cmd.at(payload.at)
    cmd.session.add(rules)
    await add_event(cmd.session, events.rules_set(rules, cmd.caller))
    return rules


async def get_rules(session: AsyncSession, year: int) -> ScoringRules:
    """Gets a year's scoring table, or 404."""
    return await get_or_404(
        session, ScoringRules, year, f"{year}年度计分规则尚未设置 (no scoring rules for {year})"
    )


def even_split(total: int) -> list[int]:
    """Twelve months summing to `total`, the remainder going to the first months."""
    return [total // 12 + (1 if month < total % 12 else 0) for month in range(12)]


def monthly_targets(payload: TargetUpdate) -> list[MonthTargetIn]:
    """The month-by-month breakdown: as given (checked against the year), or even."""
    if payload.months is None:
        splits = {f: even_split(getattr(payload, f)) for f in TARGET_FIELDS}
        return [MonthTargetIn(month=m + 1, **{f: splits[f][m] for f in TARGET_FIELDS}) for m in range(12)]
    if sorted(m.month for m in payload.months) != list(range(1, 13)):
        raise Invalid("months", "应按1至12月各列一项 (give each month 1..12 once)")
    for field in TARGET_FIELDS:
        if sum(getattr(m, field) for m in payload.months) != getattr(payload, field):
            raise Invalid(
                "months", f"各月{field}之和应等于全年任务 (monthly {field} must add up to the year)"
            )
    return sorted(payload.months, key=lambda m: m.month)


async def set_target(cmd: Command, year: int, unit: str, payload: TargetUpdate) -> Target:
    """Sets (replaces) a unit's yearly target and its monthly breakdown."""
    cmd.caller.require(*TARGET_SETTERS)
    cmd.units.require(unit, "unit")
    months = monthly_targets(payload)
    target = await cmd.session.get(Target, (year, unit)) or Target(year=year, unit=unit)
    target.submissions = payload.submissions
    target.adoptions = payload.adoptions
    target.points = payload.points
    target.party = payload.party
    target.months = [m.model_dump() for m in months]
    target.set_by = cmd.caller.sub
    target.set_at = cmd.at(payload.at)
    cmd.session.add(target)
    await add_event(cmd.session, events.target_set(target, cmd.caller))
    return target


async def get_target(session: AsyncSession, year: int, unit: str) -> Target:
    """Gets a unit's target of a year, or 404."""
    return await get_or_404(session, Target, (year, unit), f"{unit} 的{year}年度任务尚未设置 (no target)")
