"""Routes of disclosures (政务公开) and the region's assessments."""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from services.infoscore.common import IdPath, Text40, YearPath
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
from shared.command import Cmd
from shared.pagination import Page, Paging, page, paginate

router = APIRouter(tags=["disclosure"])


@router.post("/disclosures", status_code=201, response_model=DisclosureRead)
async def publish(payload: DisclosureCreate, cmd: Cmd) -> Any:
    """Records an item published on the department's website (office staff)."""
    return await cmd.answer(service.publish(cmd, payload), DisclosureRead)


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
    paging: Paging,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    category: Text40 | None = None,
) -> Page[DisclosureRead]:
    """Published items, filtered, oldest first."""
    query = service.list_disclosures(year=year, month=month, category=category)
    return await page(session, query, key=Disclosure.id, read=DisclosureRead, paging=paging)


@router.get("/disclosures/{disclosure_id}")
async def get_disclosure(disclosure_id: IdPath, session: Session, caller: CurrentCaller) -> DisclosureRead:
    """One published item."""
    return DisclosureRead.model_validate(await service.get_disclosure(session, disclosure_id))


@router.post("/assessments", status_code=201, response_model=AssessmentRead)
async def record_assessment(payload: AssessmentCreate, cmd: Cmd) -> Any:
    """Records the region's ranking of the department for a year (office staff)."""
    return await cmd.answer(service.record_assessment(cmd, payload), AssessmentRead)


@router.get("/assessments")
async def list_assessments(session: Session, caller: CurrentCaller, paging: Paging) -> Page[AssessmentRead]:
    """The region's assessments by year, with the change against the year before."""
    query = select(Assessment)
    rows, next_cursor = await paginate(
        session, query, key=Assessment.year, limit=paging.limit, cursor=paging.cursor
    )
    items = [await service.assessment_read(session=session, assessment=row) for row in rows]
    return Page(items=items, next_cursor=next_cursor)


@router.get("/assessments/{year}")
async def get_assessment(year: YearPath, session: Session, caller: CurrentCaller) -> AssessmentRead:
    """The region's assessment of one year."""
    return await service.get_assessment(session, year)
