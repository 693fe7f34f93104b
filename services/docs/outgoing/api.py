"""Routes of outgoing documents (发文) and the format check (公文格式)."""

from functools import partial
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request

from services.docs.audit import service as audit
from services.docs.format_check import has_errors
from services.docs.models import OutgoingDocument
from services.docs.outgoing import service
from services.docs.outgoing.schemas import (
    Action,
    CheckResult,
    DispatchRequest,
    FindingRead,
    FormatCheckRequest,
    OutgoingCreate,
    OutgoingId,
    OutgoingRead,
    OutgoingRevise,
    OutgoingSummary,
    ReturnRequest,
)
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.contracts.docs import OutgoingStatus
from shared.idempotency import IdempotencyHeader, commit_change
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(tags=["outgoing"])


def _timezone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.settings.timezone)


_commit = partial(commit_change, read=OutgoingRead)


@router.post("/outgoing/check")
async def check_format(payload: FormatCheckRequest, caller: CurrentCaller) -> CheckResult:
    """The format check (公文格式) of a body as sent (plus `doc_no`, `signed_date`); stores nothing."""
    findings = service.check_request(payload)
    return CheckResult(
        ok=not has_errors(findings),
        findings=[FindingRead.model_validate(f, from_attributes=True) for f in findings],
    )


@router.post("/outgoing", status_code=201, response_model=OutgoingRead)
async def draft_outgoing(
    request: Request,
    payload: OutgoingCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Creates a draft (拟稿)."""

    async def change() -> OutgoingDocument:
        return await service.draft_outgoing(
            session=session, caller=caller, units=units, payload=payload, timezone=_timezone(request)
        )

    return await _commit(session, caller, idempotency_key, "POST /outgoing", change, status_code=201)


@router.put("/outgoing/{outgoing_id}", response_model=OutgoingRead)
async def revise_outgoing(
    outgoing_id: OutgoingId,
    payload: OutgoingRevise,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Replaces a draft's (or a returned document's) text and metadata; its findings are cleared."""

    async def change() -> OutgoingDocument:
        return await service.revise_outgoing(
            session=session, caller=caller, units=units, outgoing_id=outgoing_id, payload=payload
        )

    return await _commit(session, caller, idempotency_key, f"PUT /outgoing/{outgoing_id}", change)


@router.post("/outgoing/{outgoing_id}/check", response_model=OutgoingRead)
async def check_outgoing(
    outgoing_id: OutgoingId,
    session: Session,
    caller: CurrentCaller,
    payload: Action | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Runs the format check on the stored document; the findings are kept with it (`findings`)."""

    async def change() -> OutgoingDocument:
        doc, _ = await service.check_outgoing(
            session=session, caller=caller, outgoing_id=outgoing_id, payload=payload or Action()
        )
        return doc

    return await _commit(session, caller, idempotency_key, f"POST /outgoing/{outgoing_id}/check", change)


@router.post("/outgoing/{outgoing_id}/submit", response_model=OutgoingRead)
async def submit_outgoing(
    outgoing_id: OutgoingId,
    session: Session,
    caller: CurrentCaller,
    payload: Action | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Submits for review (送审); 422 with the findings when the format check finds an error."""

    async def change() -> OutgoingDocument:
        return await service.submit_outgoing(
            session=session, caller=caller, outgoing_id=outgoing_id, payload=payload or Action()
        )

    return await _commit(session, caller, idempotency_key, f"POST /outgoing/{outgoing_id}/submit", change)


@router.post("/outgoing/{outgoing_id}/return", response_model=OutgoingRead)
async def return_outgoing(
    outgoing_id: OutgoingId,
    payload: ReturnRequest,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Returns for revision (退回修改) with a reason; every return is kept and counted."""

    async def change() -> OutgoingDocument:
        return await service.return_outgoing(
            session=session, caller=caller, outgoing_id=outgoing_id, payload=payload
        )

    return await _commit(session, caller, idempotency_key, f"POST /outgoing/{outgoing_id}/return", change)


@router.post("/outgoing/{outgoing_id}/approve", response_model=OutgoingRead)
async def approve_outgoing(
    outgoing_id: OutgoingId,
    session: Session,
    caller: CurrentCaller,
    payload: Action | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Approves a submitted document (审核通过)."""

    async def change() -> OutgoingDocument:
        return await service.approve_outgoing(
            session=session, caller=caller, outgoing_id=outgoing_id, payload=payload or Action()
        )

    return await _commit(session, caller, idempotency_key, f"POST /outgoing/{outgoing_id}/approve", change)


@router.post("/outgoing/{outgoing_id}/sign", response_model=OutgoingRead)
async def sign_outgoing(
    request: Request,
    outgoing_id: OutgoingId,
    session: Session,
    caller: CurrentCaller,
    payload: Action | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """A leader signs for issue (签发); assigns `doc_no` = `<issuer_code>〔YYYY〕N号`."""

    async def change() -> OutgoingDocument:
        return await service.sign_outgoing(
            session=session,
            caller=caller,
            outgoing_id=outgoing_id,
            payload=payload or Action(),
            timezone=_timezone(request),
        )

    return await _commit(session, caller, idempotency_key, f"POST /outgoing/{outgoing_id}/sign", change)


@router.post("/outgoing/{outgoing_id}/dispatch", response_model=OutgoingRead)
async def dispatch_outgoing(
    outgoing_id: OutgoingId,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    payload: DispatchRequest | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Dispatches (分发) to every main and copy recipient."""

    async def change() -> OutgoingDocument:
        return await service.dispatch_outgoing(
            session=session,
            caller=caller,
            units=units,
            outgoing_id=outgoing_id,
            payload=payload or DispatchRequest(),
        )

    return await _commit(session, caller, idempotency_key, f"POST /outgoing/{outgoing_id}/dispatch", change)


@router.get("/outgoing/{outgoing_id}")
async def get_outgoing(outgoing_id: OutgoingId, session: Session, caller: CurrentCaller) -> OutgoingRead:
    """One outgoing document, if the caller may see it."""
    doc = await service.get_outgoing(session=session, caller=caller, outgoing_id=outgoing_id)
    return OutgoingRead.model_validate(doc)


@router.get("/outgoing")
async def list_outgoing(
    session: Session,
    caller: CurrentCaller,
    year: Annotated[
        int | None, Query(ge=1900, le=2200, description="year of drafting, or of signing")
    ] = None,
    status: OutgoingStatus | None = None,
    unit: Annotated[str | None, Query(max_length=20, description="drafting unit")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[OutgoingSummary]:
    """Outgoing documents the caller may see, filtered, oldest first, without their body (read one
    for it); classified ones are audited."""
    query = service.filter_outgoing(service.visible_outgoing(caller), year=year, status=status, unit=unit)
    rows, next_cursor = await paginate(session, query, key=OutgoingDocument.id, limit=limit, cursor=cursor)
    page: Page[OutgoingSummary] = Page(
        items=[OutgoingSummary.model_validate(r) for r in rows], next_cursor=next_cursor
    )
    await audit.record_reads(session, caller=caller, kind="outgoing", documents=rows, route="GET /outgoing")
    await session.commit()
    return page
