"""Routes of the supervision ledger (督办台账) and its monthly notice (月通报)."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response

from services.docs.holidays.api import WorkingDays
from services.docs.ledger import common
from services.docs.models import SupervisionItem
from services.docs.supervision import document, service
from services.docs.supervision.schemas import (
    CompleteRequest,
    NoticeRead,
    NoticeRequest,
    ProgressRequest,
    SupervisionCreate,
    SupervisionFilters,
    SupervisionRead,
    UrgeRequest,
)
from shared import spreadsheet
from shared.bounds import IdPath, YearPath
from shared.command import Ask, Cmd
from shared.downloads import DOCX, attachment
from shared.pagination import Page, Paging

router = APIRouter(tags=["supervision"])

Month = Annotated[int, Path(ge=1, le=12)]
NOTICE_FILES = {"docx": (document.docx, DOCX), "xlsx": (document.xlsx, spreadsheet.XLSX)}


@router.post("/supervision/notices", status_code=201, response_model=NoticeRead)
async def publish_notice(payload: NoticeRequest, cmd: Cmd) -> Any:
    """Publishes the monthly notice (月通报): each unit's created, done, open and overdue items."""
    return await cmd.answer(service.publish_notice(cmd, payload), NoticeRead)


@router.get("/supervision/notices/{year}/{month}")
async def get_notice(year: YearPath, month: Month, ask: Ask) -> NoticeRead:
    """A published monthly notice, as published."""
    return NoticeRead.model_validate(await service.get_notice(session=ask.session, year=year, month=month))


@router.get(
    "/supervision/notices/{year}/{month}/document",
    response_class=Response,
    responses={200: {"content": {DOCX: {}, spreadsheet.XLSX: {}}}},
)
async def get_notice_document(
    year: YearPath,
    month: Month,
    ask: Ask,
    format: Annotated[Literal["docx", "xlsx"], Query(description="docx: to print; xlsx: to sort")] = "docx",
) -> Response:
    """A published monthly notice as published, in the office's layout (2022年9月督办工作通报.docx)."""
    notice = await service.get_notice(session=ask.session, year=year, month=month)
    render, media_type = NOTICE_FILES[format]
    content = render(notice, common.unit_names(ask.units), ask.timezone)
    name = f"{document.title(notice)}.{format}"
    fallback = f"supervision-notice-{year}-{month:02d}.{format}"
    return Response(content, media_type=media_type, headers=attachment(name, fallback))


@router.post("/supervision", status_code=201, response_model=SupervisionRead)
async def create_item(payload: SupervisionCreate, cmd: Cmd, workdays: WorkingDays) -> Any:
    """Enters an item in the ledger (立项): from a leader's instruction, a meeting or a document."""
    return await cmd.answer(service.create_item(cmd, payload, workdays), SupervisionRead)


@router.post("/supervision/{item_id}/progress", response_model=SupervisionRead)
async def report_progress(item_id: IdPath, payload: ProgressRequest, cmd: Cmd) -> Any:
    """The assignee unit reports progress (报送进展)."""
    return await cmd.answer(service.report_progress(cmd, item_id, payload), SupervisionRead)


@router.post("/supervision/{item_id}/urge", response_model=SupervisionRead)
async def urge_item(item_id: IdPath, cmd: Cmd, payload: UrgeRequest | None = None) -> Any:
    """The office urges the assignee unit (催办); counted."""
    return await cmd.answer(service.urge_item(cmd, item_id, payload or UrgeRequest()), SupervisionRead)


@router.post("/supervision/{item_id}/complete", response_model=SupervisionRead)
async def complete_item(item_id: IdPath, cmd: Cmd, payload: CompleteRequest | None = None) -> Any:
    """Completes the item (办结); `on_time` tells whether it met its deadline."""
    change = service.complete_item(cmd, item_id, payload or CompleteRequest())
    return await cmd.answer(change, SupervisionRead)


@router.get("/supervision/{item_id}")
async def get_item(item_id: IdPath, ask: Ask) -> SupervisionRead:
    """One item with its history, if the caller may see it."""
    return SupervisionRead.model_validate(await service.get_item(ask, item_id))


@router.get("/supervision")
async def list_items(
    ask: Ask, paging: Paging, filters: Annotated[SupervisionFilters, Query()]
) -> Page[SupervisionRead]:
    """Items the caller may see, filtered, oldest first."""
    query = service.item_list(ask, filters)
    return await ask.page(query, key=SupervisionItem.id, read=SupervisionRead, paging=paging)
