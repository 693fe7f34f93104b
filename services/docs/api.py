"""Routes of the docs service: parse, authorise, call the service, answer."""

from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request

from services.docs import service
from services.docs.materials import api as materials_api
from services.docs.models import IncomingDocument
from services.docs.outgoing import api as outgoing_api
from services.docs.schemas import IncomingCreate, IncomingRead
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.contracts.docs import Channel
from shared.idempotency import IdempotencyHeader, commit_once
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(tags=["incoming"])


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
async def get_incoming(incoming_id: str, session: Session, caller: CurrentCaller) -> IncomingRead:
    """One received document, if the caller may see it."""
    doc = await service.get_incoming(session=session, caller=caller, incoming_id=incoming_id)
    return IncomingRead.model_validate(doc)


@router.get("/incoming")
async def list_incoming(
    session: Session,
    caller: CurrentCaller,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    status: str | None = None,
    channel: Channel | None = None,
    unit: str | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[IncomingRead]:
    """Received documents the caller may see, filtered, oldest first."""
    query = service.filter_incoming(
        service.visible_incoming(caller), year=year, status=status, channel=channel, unit=unit
    )
    rows, next_cursor = await paginate(session, query, key=IncomingDocument.id, limit=limit, cursor=cursor)
    return Page(items=[IncomingRead.model_validate(r) for r in rows], next_cursor=next_cursor)


router.include_router(outgoing_api.router)
router.include_router(materials_api.router)
