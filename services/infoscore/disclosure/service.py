"""Disclosure publications and their monthly report; the region's yearly assessment."""

from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.infoscore.common import OFFICE, year_month
from services.infoscore.disclosure import events
from services.infoscore.disclosure.schemas import (
    AssessmentCreate,
    AssessmentRead,
    DisclosureCreate,
    DisclosureReport,
    MonthCount,
)
from services.infoscore.models import Assessment, Disclosure
from shared.auth import Caller
from shared.business_time import business_time, not_in_future
from shared.errors import Conflict
from shared.ids import new_id
from shared.outbox import add_event


async def publish(
    *, session: AsyncSession, caller: Caller, payload: DisclosureCreate, timezone: ZoneInfo
) -> Disclosure:
    """Records an item published on the website."""
    caller.require(*OFFICE)
    not_in_future("published_at", payload.published_at)
    year, month = year_month(payload.published_at, timezone)
    item = Disclosure(
        id=new_id(),
        title=payload.title,
        category=payload.category,
        published_at=payload.published_at,
        year=year,
        month=month,
        recorded_by=caller.sub,
        recorded_at=business_time(caller, payload.at),
    )
    session.add(item)
    add_event(session, events.disclosure_published(item, caller))
    return item


async def monthly_report(*, session: AsyncSession, year: int) -> DisclosureReport:
    """Items published per month of a year (every month listed), and per category."""
    per_month = (
        select(Disclosure.month, func.count()).where(Disclosure.year == year).group_by(Disclosure.month)
    )
    counts = {month: count for month, count in await session.execute(per_month)}
    per_category = (
        select(Disclosure.category, func.count()).where(Disclosure.year == year).group_by(Disclosure.category)
    )
    by_category = {category: count for category, count in await session.execute(per_category)}
    months = [MonthCount(month=m, count=counts.get(m, 0)) for m in range(1, 13)]
    return DisclosureReport(year=year, total=sum(counts.values()), months=months, by_category=by_category)


async def assessment_read(*, session: AsyncSession, assessment: Assessment) -> AssessmentRead:
    """An assessment with the change against the year before (places moved up)."""
    prev = await session.get(Assessment, assessment.year - 1)
    return AssessmentRead(
        year=assessment.year,
        rank=assessment.rank,
        points=assessment.points,
        rank_prev=prev.rank if prev else None,
        points_prev=prev.points if prev else None,
        rank_change=prev.rank - assessment.rank if prev else None,
        recorded_by=assessment.recorded_by,
        recorded_at=assessment.recorded_at,
    )


async def record_assessment(
    *, session: AsyncSession, caller: Caller, payload: AssessmentCreate
) -> AssessmentRead:
    """Records the region's ranking of the department for a year (once per year)."""
    caller.require(*OFFICE)
    if await session.get(Assessment, payload.year) is not None:
        raise Conflict(f"{payload.year}年度考核排名已登记 (the assessment of this year is recorded)")
    assessment = Assessment(
        year=payload.year,
        rank=payload.rank,
        points=payload.points,
        recorded_by=caller.sub,
        recorded_at=business_time(caller, payload.at),
    )
    session.add(assessment)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"{payload.year}年度考核排名已登记 (already recorded)") from exc
    read = await assessment_read(session=session, assessment=assessment)
    add_event(session, events.assessment_recorded(read, caller))
    return read
