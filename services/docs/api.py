"""Routes of the docs service: parse, authorise, call the service, answer."""

from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Path, Query, Request

from services.docs import service
from services.docs.audit import api as audit_api
from services.docs.audit import service as audit
from services.docs.holidays import api as holidays_api
from services.docs.holidays.api import WorkingDays
from services.docs.ledger import api as ledger_api
from services.docs.materials import api as materials_api
from services.docs.models import IncomingDocument
from services.docs.outgoing import api as outgoing_api
from services.docs.schemas import IncomingAction, IncomingAssign, IncomingCreate, IncomingRead
from services.docs.supervision import api as supervision_api
from services.docs.supervision import notice_api
from shared.app import Registry, Session
from shared.auth import Caller, CurrentCaller
from shared.contracts.docs import Channel, IncomingStatus
from shared.envelope import utcnow
from shared.idempotency import IdempotencyHeader, commit_once
from shared.pagination import Cursor, Limit, Page, paginate
from shared.query import TextSearch

router = APIRouter(tags=["incoming"])
IncomingId = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[0-9a-zA-Z]+$")]


def _timezone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.settings.timezone)


@router.post("/incoming", status_code=201, response_model=IncomingRead)
async def register_incoming(
    request: Request,
    payload: IncomingCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Registers a received document (收文登记); answers its registration number."""

    async def produce() -> IncomingRead:
        doc = await service.register_incoming(
            session=session, caller=caller, units=units, payload=payload, timezone=_timezone(request)
        )
        return IncomingRead.model_validate(doc)

    return await commit_once(
        session, caller=caller, key=idempotency_key, route="POST /incoming", produce=produce
    )


@router.get("/incoming/{incoming_id}")
async def get_incoming(incoming_id: IncomingId, session: Session, caller: CurrentCaller) -> IncomingRead:
    """One received document, if the caller may see it; a read of a classified one is audited."""
    doc = await service.get_incoming(session=session, caller=caller, incoming_id=incoming_id)
    answer = IncomingRead.model_validate(doc)
    await audit.record_reads(
        session, caller=caller, kind="incoming", documents=[doc], route="GET /incoming/{incoming_id}"
    )
    await session.commit()
    return answer


async def _incoming_change(session: Session, caller: Caller, key: str | None, route: str, change: Any) -> Any:
    async def produce() -> IncomingRead:
        return IncomingRead.model_validate(await change())

    return await commit_once(session, caller=caller, key=key, route=route, produce=produce, status_code=200)


@router.post("/incoming/{incoming_id}/assign", response_model=IncomingRead)
async def assign_incoming(
    request: Request,
    incoming_id: IncomingId,
    payload: IncomingAssign,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Assigns (传办) to a lead unit and assisting units with a due date; again to re-assign."""

    async def change() -> IncomingDocument:
        return await service.assign_incoming(
            session=session,
            caller=caller,
            units=units,
            incoming_id=incoming_id,
            payload=payload,
            timezone=_timezone(request),
        )

    route = f"POST /incoming/{incoming_id}/assign"
    return await _incoming_change(session, caller, idempotency_key, route, change)


@router.post("/incoming/{incoming_id}/complete", response_model=IncomingRead)
async def complete_incoming(
    request: Request,
    incoming_id: IncomingId,
    session: Session,
    workdays: WorkingDays,
    caller: CurrentCaller,
    payload: IncomingAction | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Completes the handling (办结): the lead unit or the office."""

    async def change() -> IncomingDocument:
        return await service.complete_incoming(
            session=session,
            caller=caller,
            incoming_id=incoming_id,
            payload=payload or IncomingAction(),
            timezone=_timezone(request),
            workdays=workdays,
        )

    route = f"POST /incoming/{incoming_id}/complete"
    return await _incoming_change(session, caller, idempotency_key, route, change)


@router.post("/incoming/{incoming_id}/urge", response_model=IncomingRead)
async def urge_incoming(
    request: Request,
    incoming_id: IncomingId,
    session: Session,
    workdays: WorkingDays,
    caller: CurrentCaller,
    payload: IncomingAction | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Urges (催办) the lead unit of a document past its due date; counted."""

    async def change() -> IncomingDocument:
        return await service.urge_incoming(
            session=session,
            caller=caller,
            incoming_id=incoming_id,
            payload=payload or IncomingAction(),
            timezone=_timezone(request),
            workdays=workdays,
        )

    route = f"POST /incoming/{incoming_id}/urge"
    return await _incoming_change(session, caller, idempotency_key, route, change)


@router.get("/incoming")
async def list_incoming(
    request: Request,
    session: Session,
    caller: CurrentCaller,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    status: IncomingStatus | None = None,
    channel: Channel | None = None,
    unit: Annotated[
        str | None, Query(max_length=20, description="registering, lead or assisting unit")
    ] = None,
    q: TextSearch = None,
    overdue: Annotated[bool | None, Query(description="true: in handling and past its due date")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[IncomingRead]:
    """Received documents the caller may see, filtered, oldest first; classified ones are audited."""
    late_if_due_by = None
    if overdue is not None:
        today = utcnow().astimezone(_timezone(request)).date()
        late_if_due_by = (await holidays_api.working_days(request)).last_workday_before(today)
    query = service.filter_incoming(
        service.visible_incoming(caller),
        year=year,
        status=status,
        channel=channel,
        unit=unit,
        q=q,
        overdue=overdue,
        overdue_by=late_if_due_by,
    )
    rows, next_cursor = await paginate(session, query, key=IncomingDocument.id, limit=limit, cursor=cursor)
    page: Page[IncomingRead] = Page(
        items=[IncomingRead.model_validate(r) for r in rows], next_cursor=next_cursor
    )
    await audit.record_reads(session, caller=caller, kind="incoming", documents=rows, route="GET /incoming")
    await session.commit()
    return page


router.include_router(outgoing_api.router, dependencies=[Depends(audit_api.audit_outgoing_reads)])
router.include_router(materials_api.router)
router.include_router(supervision_api.router)
router.include_router(notice_api.router)
router.include_router(audit_api.router)
router.include_router(ledger_api.router)
router.include_router(holidays_api.router)
