"""Routes of the audit log, and the hook that audits reads of classified outgoing documents."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from services.docs.audit import service
from services.docs.audit.schemas import AuditFilters, AuditRead
from services.docs.models import AuditEntry
from shared.app import Session
from shared.auth import current_caller
from shared.command import Ask
from shared.pagination import Page, Paging

router = APIRouter(tags=["audit"])


@router.get("/audit")
async def list_audit(ask: Ask, paging: Paging, filters: Annotated[AuditFilters, Query()]) -> Page[AuditRead]:
    """Reads of classified documents, oldest first: for the `auditor` role only."""
    query = service.audit_entries(ask.caller, filters)
    return await ask.page(query, key=AuditEntry.seq, read=AuditRead, paging=paging)


async def audit_outgoing_reads(request: Request, session: Session) -> None:
    """A dependency of the outgoing routes: `GET /outgoing/{id}` of a classified document is audited.

    The row is committed before the document is answered, so no read goes unrecorded.
    """
    outgoing_id = request.path_params.get("outgoing_id")
    if request.method != "GET" or not isinstance(outgoing_id, str):
        return
    if not (outgoing_id.isascii() and outgoing_id.isalnum() and len(outgoing_id) <= 32):
        return  # the route answers 422
    caller = await current_caller(request)
    await service.outgoing_read(session, caller=caller, outgoing_id=outgoing_id)
    await session.commit()
