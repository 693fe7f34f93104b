"""Routes of submissions, adoptions and withdrawals."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.infoscore.common import IdPath, Timezone
from services.infoscore.models import Adoption, Submission
from services.infoscore.submissions import service
from services.infoscore.submissions.schemas import (
    AdoptionCreate,
    AdoptionRead,
    SubmissionCreate,
    SubmissionRead,
    WithdrawalCreate,
)
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.contracts.infoscore import Category
from shared.idempotency import IdempotencyHeader, commit_once
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(tags=["submissions"])
Year = Annotated[int | None, Query(ge=1900, le=2200)]
Month = Annotated[int | None, Query(ge=1, le=12)]
UnitQuery = Annotated[str | None, Query(max_length=20)]


@router.post("/submissions", status_code=201, response_model=SubmissionRead)
async def submit(
    payload: SubmissionCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    timezone: Timezone,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Submits an information item (报送信息): a liaison for their own unit, or office staff."""

    async def produce() -> SubmissionRead:
        item = await service.submit(
            session=session, caller=caller, units=units, payload=payload, timezone=timezone
        )
        return SubmissionRead.model_validate(item)

    return await commit_once(
        session, caller=caller, key=idempotency_key, route="POST /submissions", produce=produce
    )


@router.get("/submissions")
async def list_submissions(
    session: Session,
    caller: CurrentCaller,
    year: Year = None,
    month: Month = None,
    unit: UnitQuery = None,
    category: Category | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[SubmissionRead]:
    """Items the caller may see, filtered, oldest first."""
    query = service.visible_submissions(caller)
    for column, value in ((Submission.year, year), (Submission.month, month), (Submission.unit, unit)):
        if value is not None:
            query = query.where(column == value)
    if category is not None:
        query = query.where(Submission.category == category)
    rows, next_cursor = await paginate(session, query, key=Submission.id, limit=limit, cursor=cursor)
    return Page(items=[SubmissionRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/submissions/{submission_id}")
async def get_submission(submission_id: IdPath, session: Session, caller: CurrentCaller) -> SubmissionRead:
    """One submitted item, if the caller may see it."""
    item = await service.get_submission(session=session, caller=caller, submission_id=submission_id)
    return SubmissionRead.model_validate(item)


@router.post("/submissions/{submission_id}/adoptions", status_code=201, response_model=AdoptionRead)
async def adopt(
    submission_id: IdPath,
    payload: AdoptionCreate,
    session: Session,
    caller: CurrentCaller,
    timezone: Timezone,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Records an adoption (采用) by an outlet (office staff); answers the points earned."""

    async def produce() -> AdoptionRead:
        adoption = await service.adopt(
            session=session, caller=caller, submission_id=submission_id, payload=payload, timezone=timezone
        )
        return AdoptionRead.model_validate(adoption)

    route = f"POST /submissions/{submission_id}/adoptions"
    return await commit_once(session, caller=caller, key=idempotency_key, route=route, produce=produce)


@router.get("/adoptions")
async def list_adoptions(
    session: Session,
    caller: CurrentCaller,
    year: Year = None,
    month: Month = None,
    unit: UnitQuery = None,
    submission_id: Annotated[str | None, Query(max_length=32)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[AdoptionRead]:
    """Adoptions the caller may see (withdrawn ones too, marked so), oldest first."""
    query = service.visible_adoptions(caller)
    filters = ((Adoption.year, year), (Adoption.month, month), (Adoption.unit, unit))
    for column, value in (*filters, (Adoption.submission_id, submission_id)):
        if value is not None:
            query = query.where(column == value)
    rows, next_cursor = await paginate(session, query, key=Adoption.id, limit=limit, cursor=cursor)
    return Page(items=[AdoptionRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/adoptions/{adoption_id}")
async def get_adoption(adoption_id: IdPath, session: Session, caller: CurrentCaller) -> AdoptionRead:
    """One adoption, if the caller may see it."""
    adoption = await service.get_adoption(session=session, caller=caller, adoption_id=adoption_id)
    return AdoptionRead.model_validate(adoption)


@router.post("/adoptions/{adoption_id}/withdraw", response_model=AdoptionRead)
async def withdraw(
    adoption_id: IdPath,
    payload: WithdrawalCreate,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Withdraws a mistaken adoption (office staff); its points are taken back."""

    async def produce() -> AdoptionRead:
        adoption = await service.withdraw(
            session=session, caller=caller, adoption_id=adoption_id, payload=payload
        )
        return AdoptionRead.model_validate(adoption)

    route = f"POST /adoptions/{adoption_id}/withdraw"
    return await commit_once(
        session, caller=caller, key=idempotency_key, route=route, produce=produce, status_code=200
    )
