"""Routes of disclosures (政务公开) and the region's assessments."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.infoscore.disclosure import service
from services.infoscore.disclosure.schemas import (
    AssessmentCreate,
    AssessmentRead,
    DisclosureCreate,
    DisclosureFilters,
    DisclosureRead,
    DisclosureReport,
)
from services.infoscore.models import Disclosure
from shared.bounds import IdPath, YearPath, YearQuery
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["disclosure"])


@router.post("/disclosures", status_code=201, response_model=DisclosureRead)
async def publish(payload: DisclosureCreate, cmd: Cmd) -> Any:
    """Records an item published on the department's website (office staff)."""
    return await cmd.answer(service.publish(cmd, payload), DisclosureRead)


@router.get("/disclosures/report")
async def monthly_report(ask: Ask, year: YearQuery) -> DisclosureReport:
    """信息公开月报: items published per month of a year."""
    return await service.monthly_report(session=ask.session, year=year)


@router.get("/disclosures")
async def list_disclosures(
    ask: Ask, paging: Paging, filters: Annotated[DisclosureFilters, Query()]
) -> Page[DisclosureRead]:
    """Published items, filtered, oldest first."""
    query = service.list_disclosures(filters)
    return await ask.page(query, key=Disclosure.id, read=DisclosureRead, paging=paging)


@router.get("/disclosures/{disclosure_id}")
async def get_disclosure(disclosure_id: IdPath, ask: Ask) -> DisclosureRead:
    """One published item."""
    return DisclosureRead.model_validate(await service.get_disclosure(ask.session, disclosure_id))


@router.post("/assessments", status_code=201, response_model=AssessmentRead)
async def record_assessment(payload: AssessmentCreate, cmd: Cmd) -> Any:
    """Records the region's ranking of the department for a year (office staff)."""
    return await cmd.answer(service.record_assessment(cmd, payload), AssessmentRead)


@router.get("/assessments")
async def list_assessments(ask: Ask, paging: Paging) -> Page[AssessmentRead]:
    """The region's assessments by year, with the change against the year before."""
    return await service.assessment_page(ask, paging)


@router.get("/assessments/{year}")
async def get_assessment(year: YearPath, ask: Ask) -> AssessmentRead:
    """The region's assessment of one year."""
    return await service.get_assessment(ask.session, year)
