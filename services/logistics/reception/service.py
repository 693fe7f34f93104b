"""Rules of official reception: the per-head limits (configuration) are never exceeded.

Meals: the cost is at most the meal limit times everyone at table (guests and escorts)
times the days (the message gives the per-head figure). Lodging: at most the lodging limit times the guests
times the nights. Escorts: at most a fixed number for a small party, else a third of it.
"""

from datetime import datetime
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics.models import Reception
from services.logistics.reception.schemas import ReceptionCreate, ReceptionFilters, ReceptionLimits
from services.logistics.service import ANYONE_WHO_WRITES, announce, get_visible, unit_for
from services.logistics.settings import LogisticsSettings
from shared.auth import Caller
from shared.command import Command, Inquiry
from shared.contracts.logistics import ReceptionRecorded
from shared.errors import Invalid
from shared.event_data import read_off
from shared.ids import new_id
from shared.query import narrowed, of_own_unit

CENT = Decimal("0.01")


def limits(settings: LogisticsSettings) -> ReceptionLimits:
    return ReceptionLimits(
        meal_limit_per_head_per_day=settings.meal_limit_per_head_per_day,
        lodging_limit_per_head_per_night=settings.lodging_limit_per_head_per_night,
        small_party=settings.small_party,
        escorts_small_party=settings.escorts_small_party,
    )


def check_limits(payload: ReceptionCreate, settings: LogisticsSettings) -> None:
    """422 naming the field and the limit it exceeds."""
    allowed = (
        settings.escorts_small_party if payload.headcount <= settings.small_party else payload.headcount // 3
    )
    if payload.escorts > allowed:
        raise Invalid(
            "escorts",
            f"陪餐人数 {payload.escorts} 超过标准 {allowed} 人 (escorts over the limit of {allowed})",
        )
    per_meal = (payload.meals_cost / ((payload.headcount + payload.escorts) * payload.days)).quantize(
        CENT, ROUND_CEILING
    )
    meal_limit = settings.meal_limit_per_head_per_day
    if payload.meals_cost > meal_limit * (payload.headcount + payload.escorts) * payload.days:
        raise Invalid(
            "meals_cost",
            f"人均每日餐费 {per_meal} 元超过标准 {meal_limit} 元/人·天 "
            f"(meal cost per head per day {per_meal} over the limit of {meal_limit})",
        )
    if payload.lodging_cost > 0 and payload.nights == 0:
        raise Invalid("nights", "有住宿费用时须填写住宿天数 (give the nights for a lodging cost)")
    if payload.nights:
        per_night = (payload.lodging_cost / (payload.headcount * payload.nights)).quantize(
            CENT, ROUND_CEILING
        )
        lodging_limit = settings.lodging_limit_per_head_per_night
        if payload.lodging_cost > lodging_limit * payload.headcount * payload.nights:
            raise Invalid(
                "lodging_cost",
                f"人均每晚住宿费 {per_night} 元超过标准 {lodging_limit} 元/人·晚 "
                f"(lodging per head per night {per_night} over the limit of {lodging_limit})",
            )


async def record_reception(cmd: Command, payload: ReceptionCreate, settings: LogisticsSettings) -> Reception:
    """Records a reception within the standard (公务接待登记)."""
    cmd.caller.require(*ANYONE_WHO_WRITES)
    unit = unit_for(cmd, payload.unit)
    at = cmd.at(payload.at)
    check_limits(payload, settings)
    given = payload.model_dump(exclude={"unit", "at"})
    reception = Reception(id=new_id(), unit=unit, **given, recorded_by=cmd.caller.sub, recorded_at=at)
    cmd.session.add(reception)
    await announce(cmd, read_off(ReceptionRecorded, reception, at=at))
    return reception


async def get_reception(session: AsyncSession, caller: Caller, reception_id: str) -> Reception:
    return await get_visible(session, Reception, reception_id, caller, label="接待记录")


def list_receptions(ask: Inquiry, filters: ReceptionFilters) -> Select[Reception]:
    """Receptions the caller may see; `year` in the office's calendar."""
    visible = of_own_unit(ask.caller, select(Reception), Reception.unit)
    query = narrowed(visible, (Reception.unit, filters.unit))
    if filters.year is not None:
        year, timezone = filters.year, ask.timezone
        since, until = datetime(year, 1, 1, tzinfo=timezone), datetime(year + 1, 1, 1, tzinfo=timezone)
        query = query.where(Reception.start >= since, Reception.start < until)
    return query
