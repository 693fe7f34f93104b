"""Disclosure publications and their monthly report; the region's yearly assessment."""

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.infoscore.common import OFFICE, year_month
from services.infoscore.disclosure import events
from services.infoscore.disclosure.schemas import (
    AssessmentCreate,
    AssessmentRead,
    DisclosureCreate,
    DisclosureFilters,
    DisclosureReport,
    MonthCount,
)
from services.infoscore.models import Assessment, Disclosure
from shared.business_time import not_in_future
from shared.command import Command, Inquiry
from shared.errors import Conflict
from shared.ids import new_id
from shared.lookup import get_or_404
from shared.outbox import add_event
from shared.pagination import Page, PageRequest, paginate
from shared.query import narrowed


async def publish(cmd: Command, payload: DisclosureCreate) -> Disclosure:
    """Records an item published on the website."""
    cmd.caller.require(*OFFICE)
    not_in_future("published_at", payload.published_at)
    year, month = year_month(payload.published_at, cmd.timezone)
    item = Disclosure(
        id=new_id(),
        **payload.model_dump(exclude={"at"}),
        year=year,
        month=month,
        recorded_by=cmd.caller.sub,
        recorded_at=cmd.at(payload.at),
    )
    cmd.session.add(item)
    await add_event(cmd.session, events.disclosure_published(item, cmd.caller))
    return item


def list_disclosures(filters: DisclosureFilters) -> Select[Disclosure]:
    """Published items, narrowed by the filters given."""
    asked = (Disclosure.year, filters.year), (Disclosure.month, filters.month)
    return narrowed(select(Disclosure), *asked, (Disclosure.category, filters.category))


async def get_disclosure(session: AsyncSession, disclosure_id: str) -> Disclosure:
    """A published item, or 404."""
    return await get_or_404(
        session, Disclosure, disclosure_id, f"公开信息 {disclosure_id} 不存在 (disclosure not found)"
    )


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


async def get_assessment(session: AsyncSession, year: int) -> AssessmentRead:
    """The region's assessment of a year, with the change against the year before, or 404."""
    assessment = await get_or_404(
        session, Assessment, year, f"{year}年度考核排名尚未登记 (no assessment for {year})"
    )
    return await assessment_read(session=session, assessment=assessment)


async def assessment_page(ask: Inquiry, paging: PageRequest) -> Page[AssessmentRead]:
    """One page of the region's assessments by year, each with the change against the year before."""
    rows, next_cursor = await paginate(
        ask.session, select(Assessment), key=Assessment.year, limit=paging.limit, cursor=paging.cursor
    )
    items = [await assessment_read(session=ask.session, assessment=row) for row in rows]
    return Page(items=items, next_cursor=next_cursor)


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


async def record_assessment(cmd: Command, payload: AssessmentCreate) -> AssessmentRead:
    """Records the region's ranking of the department for a year (once per year)."""
    cmd.caller.require(*OFFICE)
    session = cmd.session
    if await session.get(Assessment, payload.year) is not None:
        raise Conflict(f"{payload.year}年度考核排名已登记 (the assessment of this year is recorded)")
    assessment = Assessment(
        **payload.model_dump(exclude={"at"}),
        recorded_by=cmd.caller.sub,
        recorded_at=cmd.at(payload.at),
    )
    session.add(assessment)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"{payload.year}年度考核排名已登记 (already recorded)") from exc
    read = await assessment_read(session=session, assessment=assessment)
    await add_event(session, events.assessment_recorded(read, cmd.caller))
    return read
