"""Routes of disclosures (政务公开) and the region's assessments."""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from services.infoscore.common import IdPath, Text40, Timezone, YearPath
from services.infoscore.disclosure import service
from services.infoscore.disclosure.schemas import (
    AssessmentCreate,
    AssessmentRead,
    DisclosureCreate,
    DisclosureRead,
    DisclosureReport,
)
from services.infoscore.models import Assessment, Disclosure
from shared.app import Session
from shared.auth import CurrentCaller
from shared.errors import NotFound
from shared.idempotency import IdempotencyHeader, commit_once
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(tags=["disclosure"])


@router.post("/disclosures", status_code=201, response_model=DisclosureRead)
async def publish(
    payload: DisclosureCreate,
    session: Session,
    caller: CurrentCaller,
    timezone: Timezone,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Records an item published on the department's website (office staff)."""

    async def produce() -> DisclosureRead:
        item = await service.publish(session=session, caller=caller, payload=payload, timezone=timezone)
        return DisclosureRead.model_validate(item)

    return await commit_once(
        session, caller=caller, key=idempotency_key, route="POST /disclosures", produce=produce
    )


@router.get("/disclosures/report")
async def monthly_report(
    session: Session, caller: CurrentCaller, year: Annotated[int, Query(ge=1900, le=2200)]
) -> DisclosureReport:
    """信息公开月报: items published per month of a year."""
    return await service.monthly_report(session=session, year=year)


@router.get("/disclosures")
async def list_disclosures(
    session: Session,
    caller: CurrentCaller,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    category: Text40 | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[DisclosureRead]:
    """Published items, filtered, oldest first."""
    query = select(Disclosure)
    filters = ((Disclosure.year, year), (Disclosure.month, month), (Disclosure.category, category))
    for column, value in filters:
        if value is not None:
            query = query.where(column == value)
    rows, next_cursor = await paginate(session, query, key=Disclosure.id, limit=limit, cursor=cursor)
    return Page(items=[DisclosureRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/disclosures/{disclosure_id}")
async def get_disclosure(disclosure_id: IdPath, session: Session, caller: CurrentCaller) -> DisclosureRead:
    """One published item."""
    item = await session.get(Disclosure, disclosure_id)
    if item is None:
        raise NotFound(f"公开信息 {disclosure_id} 不存在 (disclosure not found)")
    return DisclosureRead.model_validate(item)


@router.post("/assessments", status_code=201, response_model=AssessmentRead)
async def record_assessment(
    payload: AssessmentCreate,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Records the region's ranking of the department for a year (office staff)."""

    async def produce() -> AssessmentRead:
        return await service.record_assessment(session=session, caller=caller, payload=payload)

    return await commit_once(
        session, caller=caller, key=idempotency_key, route="POST /assessments", produce=produce
    )


@router.get("/assessments")
async def list_assessments(
    session: Session, caller: CurrentCaller, limit: Limit = 50, cursor: Cursor = None
) -> Page[AssessmentRead]:
    """The region's assessments by year, with the change against the year before."""
    rows, next_cursor = await paginate(
        session, select(Assessment), key=Assessment.year, limit=limit, cursor=cursor
    )
    items = [await service.assessment_read(session=session, assessment=row) for row in rows]
    return Page(items=items, next_cursor=next_cursor)


@router.get("/assessments/{year}")
async def get_assessment(year: YearPath, session: Session, caller: CurrentCaller) -> AssessmentRead:
    """The region's assessment of one year."""
    assessment = await session.get(Assessment, year)
    if assessment is None:
        raise NotFound(f"{year}年度考核排名尚未登记 (no assessment for {year})")
    return await service.assessment_read(session=session, assessment=assessment)
