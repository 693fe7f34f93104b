"""Routes of submissions, adoptions and withdrawals."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.infoscore.models import Adoption, Submission
from services.infoscore.submissions import service
from services.infoscore.submissions.schemas import (
    AdoptionCreate,
    AdoptionFilters,
    AdoptionRead,
    SubmissionCreate,
    SubmissionFilters,
    SubmissionRead,
    WithdrawalCreate,
)
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["submissions"])


@router.post("/submissions", status_code=201, response_model=SubmissionRead)
async def submit(payload: SubmissionCreate, cmd: Cmd) -> Any:
    """Submits an information item (报送信息): a liaison for their own unit, or office staff."""
    return await cmd.answer(service.submit(cmd, payload), SubmissionRead)


@router.get("/submissions")
async def list_submissions(
    ask: Ask, paging: Paging, filters: Annotated[SubmissionFilters, Query()]
) -> Page[SubmissionRead]:
    """Items the caller may see, filtered, oldest first."""
    query = service.list_submissions(ask.caller, filters)
    return await ask.page(query, key=Submission.id, read=SubmissionRead, paging=paging)


@router.get("/submissions/{submission_id}")
async def get_submission(submission_id: IdPath, ask: Ask) -> SubmissionRead:
    """One submitted item, if the caller may see it."""
    return SubmissionRead.model_validate(await service.get_submission(ask, submission_id))


@router.post("/submissions/{submission_id}/adoptions", status_code=201, response_model=AdoptionRead)
async def adopt(submission_id: IdPath, payload: AdoptionCreate, cmd: Cmd) -> Any:
    """Records an adoption (采用) by an outlet (office staff); answers the points earned."""
    return await cmd.answer(service.adopt(cmd, submission_id, payload), AdoptionRead)


@router.get("/adoptions")
async def list_adoptions(
    ask: Ask, paging: Paging, filters: Annotated[AdoptionFilters, Query()]
) -> Page[AdoptionRead]:
    """Adoptions the caller may see (withdrawn ones too, marked so), oldest first."""
    query = service.list_adoptions(ask.caller, filters)
    return await ask.page(query, key=Adoption.id, read=AdoptionRead, paging=paging)


@router.get("/adoptions/{adoption_id}")
async def get_adoption(adoption_id: IdPath, ask: Ask) -> AdoptionRead:
    """One adoption, if the caller may see it."""
    return AdoptionRead.model_validate(await service.get_adoption(ask, adoption_id))


@router.post("/adoptions/{adoption_id}/withdraw", response_model=AdoptionRead)
async def withdraw(adoption_id: IdPath, payload: WithdrawalCreate, cmd: Cmd) -> Any:
    """Withdraws a mistaken adoption (office staff); its points are taken back."""
    return await cmd.answer(service.withdraw(cmd, adoption_id, payload), AdoptionRead)
