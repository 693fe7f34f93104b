"""Routes of official reception (公务接待)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from services.logistics.models import Reception
from services.logistics.reception import service
from services.logistics.reception.schemas import ReceptionCreate, ReceptionLimits, ReceptionRead
from services.logistics.service import settings_of, timezone_of
from services.logistics.web import commit_change
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.idempotency import IdempotencyHeader
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(tags=["reception"])


@router.get("/receptions/limits")
async def reception_limits(request: Request, caller: CurrentCaller) -> ReceptionLimits:
    """The per-head limits in force (configuration)."""
    return service.limits(settings_of(request))


@router.post("/receptions", status_code=201, response_model=ReceptionRead)
async def record_reception(
    request: Request,
    payload: ReceptionCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Records a reception; 422 naming the limit when a per-head cost or the escorts exceed it."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route="POST /receptions",
        change=lambda: service.record_reception(
            session=session, caller=caller, units=units, settings=settings_of(request), payload=payload
        ),
        read=ReceptionRead,
        status_code=201,
    )


@router.get("/receptions")
async def list_receptions(
    request: Request,
    session: Session,
    caller: CurrentCaller,
    unit: str | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ReceptionRead]:
    """Receptions the caller may see, oldest first."""
    query = service.list_receptions(caller, unit=unit, year=year, timezone=timezone_of(request))
    rows, next_cursor = await paginate(session, query, key=Reception.id, limit=limit, cursor=cursor)
    return Page(items=[ReceptionRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/receptions/{reception_id}")
async def get_reception(reception_id: str, session: Session, caller: CurrentCaller) -> ReceptionRead:
    """One reception."""
    reception = await service.get_reception(session=session, caller=caller, reception_id=reception_id)
    return ReceptionRead.model_validate(reception)
