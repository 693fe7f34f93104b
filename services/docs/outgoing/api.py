"""Routes of outgoing documents (发文) and the format check (公文格式)."""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from services.docs.audit import service as audit
from services.docs.format_check import has_errors
from services.docs.models import OutgoingDocument
from services.docs.outgoing import files, service
from services.docs.outgoing.schemas import (
    Action,
    CheckResult,
    DispatchRequest,
    FindingRead,
    OutgoingCreate,
    OutgoingFilters,
    OutgoingRead,
    OutgoingRevise,
    OutgoingSummary,
    ReturnRequest,
)
from shared.app import Registry
from shared.auth import CurrentCaller
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.downloads import DOCX, attachment
from shared.duties import SeparationOfDuties
from shared.pagination import Page, Paging

router = APIRouter(tags=["outgoing"])
Files = Annotated[files.DraftFiles, Depends(files.draft_files)]


@router.post(
    "/outgoing/check",
    response_model=CheckResult,
    openapi_extra=files.CHECK_BODY,
    responses={200: {"content": {DOCX: {}}}},
)
async def check_format(
    request: Request,
    caller: CurrentCaller,
    units: Registry,
    fix: Annotated[bool, Query(description="answer the corrected .docx (multipart upload only)")] = False,
) -> Any:
    """The format check (公文格式) of a body as sent, or of an uploaded .docx; stores nothing."""
    payload, data, infer_kind = await files.check_payload(request, fix)
    if data is not None and fix:
        fixed, codes = await asyncio.to_thread(service.fix_upload, data, payload, units)
        return Response(fixed, media_type=DOCX, headers={"X-Format-Fixed": ",".join(codes)})
    if data is not None:
        findings = await asyncio.to_thread(service.check_upload, data, payload, units, infer_kind)
    else:
        findings = service.check_request(payload, units)
    return CheckResult(
        ok=not has_errors(findings),
        findings=[FindingRead.model_validate(f, from_attributes=True) for f in findings],
    )


@router.put("/outgoing/{outgoing_id}/file", response_model=OutgoingRead, openapi_extra=files.FILE_BODY)
async def attach_file(request: Request, outgoing_id: IdPath, cmd: Cmd, store: Files) -> Any:
    """Keeps the draft's .docx (multipart field `file`); the next check reads its layout too."""
    data, _ = await files.read_upload(request)
    return await cmd.answer(service.attach_file(cmd, store, outgoing_id, data), OutgoingRead)


@router.get("/outgoing/{outgoing_id}/file", response_class=Response, responses={200: {"content": {DOCX: {}}}})
async def get_file(outgoing_id: IdPath, ask: Ask, store: Files) -> Response:
    """The draft's .docx, if it has one and the caller may see the draft, named by its title (and
    文号 once signed)."""
    name, data = await service.draft_file(ask, store, outgoing_id)
    return Response(data, media_type=DOCX, headers=attachment(f"{name}.docx", f"{outgoing_id}.docx"))


@router.post("/outgoing", status_code=201, response_model=OutgoingRead)
async def draft_outgoing(payload: OutgoingCreate, cmd: Cmd) -> Any:
    """Creates a draft (拟稿)."""
    return await cmd.answer(service.draft_outgoing(cmd, payload), OutgoingRead)


@router.put("/outgoing/{outgoing_id}", response_model=OutgoingRead)
async def revise_outgoing(outgoing_id: IdPath, payload: OutgoingRevise, cmd: Cmd) -> Any:
    """Replaces a draft's (or a returned document's) text and metadata; its findings are cleared."""
    return await cmd.answer(service.revise_outgoing(cmd, outgoing_id, payload), OutgoingRead)


@router.post("/outgoing/{outgoing_id}/check", response_model=OutgoingRead)
async def check_outgoing(outgoing_id: IdPath, cmd: Cmd, store: Files, payload: Action | None = None) -> Any:
    """Runs the format check on the stored document (and its .docx); the findings are kept with it."""
    change = service.check_outgoing(cmd, store, outgoing_id, payload or Action())
    return await cmd.answer(change, lambda checked: OutgoingRead.model_validate(checked[0]))


@router.post("/outgoing/{outgoing_id}/submit", response_model=OutgoingRead)
async def submit_outgoing(outgoing_id: IdPath, cmd: Cmd, store: Files, payload: Action | None = None) -> Any:
    """Submits for review (送审); 422 with the findings when the format check finds an error."""
    change = service.submit_outgoing(cmd, store, outgoing_id, payload or Action())
    return await cmd.answer(change, OutgoingRead)


@router.post("/outgoing/{outgoing_id}/return", response_model=OutgoingRead)
async def return_outgoing(outgoing_id: IdPath, payload: ReturnRequest, cmd: Cmd) -> Any:
    """Returns for revision (退回修改) with a reason; every return is kept and counted."""
    return await cmd.answer(service.return_outgoing(cmd, outgoing_id, payload), OutgoingRead)


@router.post("/outgoing/{outgoing_id}/approve", response_model=OutgoingRead)
async def approve_outgoing(
    outgoing_id: IdPath, cmd: Cmd, separate: SeparationOfDuties, payload: Action | None = None
) -> Any:
    """Approves a submitted document (审核通过); 409 when the caller drafted it (职责分离)."""
    change = service.approve_outgoing(cmd, outgoing_id, payload or Action(), separate)
    return await cmd.answer(change, OutgoingRead)


@router.post("/outgoing/{outgoing_id}/sign", response_model=OutgoingRead)
async def sign_outgoing(outgoing_id: IdPath, cmd: Cmd, payload: Action | None = None) -> Any:
    """A leader signs for issue (签发); assigns `doc_no` = `<issuer_code>〔YYYY〕N号`."""
    return await cmd.answer(service.sign_outgoing(cmd, outgoing_id, payload or Action()), OutgoingRead)


@router.post("/outgoing/{outgoing_id}/dispatch", response_model=OutgoingRead)
async def dispatch_outgoing(outgoing_id: IdPath, cmd: Cmd, payload: DispatchRequest | None = None) -> Any:
    """Dispatches (分发) to every main and copy recipient."""
    change = service.dispatch_outgoing(cmd, outgoing_id, payload or DispatchRequest())
    return await cmd.answer(change, OutgoingRead)


@router.get("/outgoing/{outgoing_id}")
async def get_outgoing(outgoing_id: IdPath, ask: Ask) -> OutgoingRead:
    """One outgoing document, if the caller may see it."""
    return OutgoingRead.model_validate(await service.get_outgoing(ask, outgoing_id))


@router.get("/outgoing")
async def list_outgoing(
    ask: Ask, paging: Paging, filters: Annotated[OutgoingFilters, Query()]
) -> Page[OutgoingSummary]:
    """Outgoing documents the caller may see, filtered, oldest first, without their body (read one
    for it); classified ones are audited."""
    query = service.outgoing_list(ask.caller, filters)
    return await audit.audited_page(
        ask,
        query,
        key=OutgoingDocument.id,
        read=OutgoingSummary,
        paging=paging,
        kind="outgoing",
        route="GET /outgoing",
    )
