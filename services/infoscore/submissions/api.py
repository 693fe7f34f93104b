"""Routes of submissions, adoptions and withdrawals."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.infoscore.common import IdPath
from services.infoscore.models import Adoption, Submission
from services.infoscore.submissions import service
from services.infoscore.submissions.schemas import (
    AdoptionCreate,
    AdoptionRead,
    SubmissionCreate,
    SubmissionRead,
    WithdrawalCreate,
)
from shared.app import Session
from shared.auth import CurrentCaller
from shared.command import Cmd
from shared.contracts.infoscore import Category
from shared.pagination import Page, Paging, page

router = APIRouter(tags=["submissions"])
Year = Annotated[int | None, Query(ge=1900, le=2200)]
Month = Annotated[int | None, Query(ge=1, le=12)]
UnitQuery = Annotated[str | None, Query(max_length=20)]


@router.post("/submissions", status_code=201, response_model=SubmissionRead)
async def submit(payload: SubmissionCreate, cmd: Cmd) -> Any:
    """Submits an information item (报送信息): a liaison for their own unit, or office staff."""
    return await cmd.answer(service.submit(cmd, payload), SubmissionRead)


@router.get("/submissions")
async def list_submissions(
    session: Session,
    caller: CurrentCaller,
    paging: Paging,
    year: Year = None,
    month: Month = None,
    unit: UnitQuery = None,
    category: Category | None = None,
) -> Page[SubmissionRead]:
    """Items the caller may see, filtered, oldest first."""
    query = service.list_submissions(caller, year=year, month=month, unit=unit, category=category)
    return await page(session, query, key=Submission.id, read=SubmissionRead, paging=paging)


@router.get("/submissions/{submission_id}")
async def get_submission(submission_id: IdPath, session: Session, caller: CurrentCaller) -> SubmissionRead:
    """One submitted item, if the caller may see it."""
    return SubmissionRead.model_validate(await service.get_submission(session, caller, submission_id))


@router.post("/submissions/{submission_id}/adoptions", status_code=201, response_model=AdoptionRead)
async def adopt(submission_id: IdPath, payload: AdoptionCreate, cmd: Cmd) -> Any:
    """Records an adoption (采用) by an outlet (office staff); answers the points earned."""
    return await cmd.answer(service.adopt(cmd, submission_id, payload), AdoptionRead)


@router.get("/adoptions")
async def list_adoptions(
    session: Session,
    caller: CurrentCaller,
    paging: Paging,
    year: Year = None,
    month: Month = None,
    unit: UnitQuery = None,
    submission_id: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[AdoptionRead]:
    """Adoptions the caller may see (withdrawn ones too, marked so), oldest first."""
    query = service.list_adoptions(caller, year=year, month=month, unit=unit, submission_id=submission_id)
    return await page(session, query, key=Adoption.id, read=AdoptionRead, paging=paging)


@router.get("/adoptions/{adoption_id}")
async def get_adoption(adoption_id: IdPath, session: Session, caller: CurrentCaller) -> AdoptionRead:
    """One adoption, if the caller may see it."""
    return AdoptionRead.model_validate(await service.get_adoption(session, caller, adoption_id))


@router.post("/adoptions/{adoption_id}/withdraw", response_model=AdoptionRead)
async def withdraw(adoption_id: IdPath, payload: WithdrawalCreate, cmd: Cmd) -> Any:
    """Withdraws a mistaken adoption (office staff); its points are taken back."""
    return await cmd.answer(service.withdraw(cmd, adoption_id, payload), AdoptionRead)
