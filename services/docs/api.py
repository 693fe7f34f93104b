"""Routes of the docs service: parse, authorise, call the service, answer."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from services.docs import service
from services.docs.audit import api as audit_api
from services.docs.audit import service as audit
from services.docs.holidays import api as holidays_api
from services.docs.holidays.api import WorkingDays
from services.docs.ledger import api as ledger_api
from services.docs.materials import api as materials_api
from services.docs.models import IncomingDocument
from services.docs.outgoing import api as outgoing_api
from services.docs.schemas import (
    IncomingAction,
    IncomingAssign,
    IncomingCreate,
    IncomingFilters,
    IncomingRead,
)
from services.docs.supervision import api as supervision_api
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["incoming"])


@router.post("/incoming", status_code=201, response_model=IncomingRead)
async def register_incoming(payload: IncomingCreate, cmd: Cmd) -> Any:
    """Registers a received document (收文登记); answers its registration number."""
    return await cmd.answer(service.register_incoming(cmd, payload), IncomingRead)


@router.get("/incoming/{incoming_id}")
async def get_incoming(incoming_id: IdPath, ask: Ask) -> IncomingRead:
    """One received document, if the caller may see it; a read of a classified one is audited."""
    doc = await service.get_incoming(session=ask.session, caller=ask.caller, incoming_id=incoming_id)
    return await audit.audited_one(
        ask, doc, read=IncomingRead, kind="incoming", route="GET /incoming/{incoming_id}"
    )


@router.post("/incoming/{incoming_id}/assign", response_model=IncomingRead)
async def assign_incoming(incoming_id: IdPath, payload: IncomingAssign, cmd: Cmd) -> Any:
    """Assigns (传办) to a lead unit and assisting units with a due date; again to re-assign."""
    return await cmd.answer(service.assign_incoming(cmd, incoming_id, payload), IncomingRead)


@router.post("/incoming/{incoming_id}/complete", response_model=IncomingRead)
async def complete_incoming(
    incoming_id: IdPath, cmd: Cmd, workdays: WorkingDays, payload: IncomingAction | None = None
) -> Any:
    """Completes the handling (办结): the lead unit or the office."""
    change = service.complete_incoming(cmd, incoming_id, payload or IncomingAction(), workdays)
    return await cmd.answer(change, IncomingRead)


@router.post("/incoming/{incoming_id}/urge", response_model=IncomingRead)
async def urge_incoming(
    incoming_id: IdPath, cmd: Cmd, workdays: WorkingDays, payload: IncomingAction | None = None
) -> Any:
    """Urges (催办) the lead unit of a document past its due date; counted."""
    change = service.urge_incoming(cmd, incoming_id, payload or IncomingAction(), workdays)
    return await cmd.answer(change, IncomingRead)


@router.get("/incoming")
async def list_incoming(
    request: Request, ask: Ask, paging: Paging, filters: Annotated[IncomingFilters, Query()]
) -> Page[IncomingRead]:
    """Received documents the caller may see, filtered, oldest first; classified ones are audited."""
    workdays = await holidays_api.working_days(request) if filters.overdue is not None else None
    query = service.incoming_list(ask, filters, workdays)
    return await audit.audited_page(
        ask,
        query,
        key=IncomingDocument.id,
        read=IncomingRead,
        paging=paging,
        kind="incoming",
        route="GET /incoming",
    )


router.include_router(outgoing_api.router, dependencies=[Depends(audit_api.audit_outgoing_reads)])
router.include_router(materials_api.router)
router.include_router(supervision_api.router)
router.include_router(audit_api.router)
router.include_router(ledger_api.router)
router.include_router(holidays_api.router)
