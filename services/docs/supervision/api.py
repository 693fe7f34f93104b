"""Routes of the supervision ledger (督办台账) and its monthly notice (月通报)."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from services.docs.holidays.api import WorkingDays
from services.docs.models import SupervisionItem
from services.docs.supervision import calendar, service
from services.docs.supervision.schemas import (
    CompleteRequest,
    ItemId,
    NoticeRead,
    NoticeRequest,
    ProgressRequest,
    SupervisionCreate,
    SupervisionRead,
    SupervisionStatus,
    UrgeRequest,
)
from shared.app import Session
from shared.auth import CurrentCaller
from shared.business_time import Day
from shared.command import Cmd, OfficeZone
from shared.envelope import utcnow
from shared.pagination import Page, Paging, page
from shared.query import TextSearch

router = APIRouter(tags=["supervision"])

Year = Annotated[int, Path(ge=2000, le=2100)]
Month = Annotated[int, Path(ge=1, le=12)]


@router.post("/supervision/notices", status_code=201, response_model=NoticeRead)
async def publish_notice(payload: NoticeRequest, cmd: Cmd) -> Any:
    """Publishes the monthly notice (月通报): each unit's created, done, open and overdue items."""
    return await cmd.answer(service.publish_notice(cmd, payload), NoticeRead)


@router.get("/supervision/notices/{year}/{month}")
async def get_notice(year: Year, month: Month, session: Session, caller: CurrentCaller) -> NoticeRead:
    """A published monthly notice, as published."""
    return NoticeRead.model_validate(await service.get_notice(session=session, year=year, month=month))


@router.post("/supervision", status_code=201, response_model=SupervisionRead)
async def create_item(payload: SupervisionCreate, cmd: Cmd, workdays: WorkingDays) -> Any:
    """Enters an item in the ledger (立项): from a leader's instruction, a meeting or a document."""
    return await cmd.answer(service.create_item(cmd, payload, workdays), SupervisionRead)


@router.post("/supervision/{item_id}/progress", response_model=SupervisionRead)
async def report_progress(item_id: ItemId, payload: ProgressRequest, cmd: Cmd) -> Any:
    """The assignee unit reports progress (报送进展)."""
    return await cmd.answer(service.report_progress(cmd, item_id, payload), SupervisionRead)


@router.post("/supervision/{item_id}/urge", response_model=SupervisionRead)
async def urge_item(item_id: ItemId, cmd: Cmd, payload: UrgeRequest | None = None) -> Any:
    """The office urges the assignee unit (催办); counted."""
    return await cmd.answer(service.urge_item(cmd, item_id, payload or UrgeRequest()), SupervisionRead)


@router.post("/supervision/{item_id}/complete", response_model=SupervisionRead)
async def complete_item(item_id: ItemId, cmd: Cmd, payload: CompleteRequest | None = None) -> Any:
    """Completes the item (办结); `on_time` tells whether it met its deadline."""
    change = service.complete_item(cmd, item_id, payload or CompleteRequest())
    return await cmd.answer(change, SupervisionRead)


@router.get("/supervision/{item_id}")
async def get_item(item_id: ItemId, session: Session, caller: CurrentCaller) -> SupervisionRead:
    """One item with its history, if the caller may see it."""
    return SupervisionRead.model_validate(
        await service.get_item(session=session, caller=caller, item_id=item_id)
    )


@router.get("/supervision")
async def list_items(
    session: Session,
    caller: CurrentCaller,
    timezone: OfficeZone,
    paging: Paging,
    unit: Annotated[str | None, Query(max_length=20, description="assignee unit")] = None,
    status: Annotated[SupervisionStatus | None, Query(description="open | completed")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200, description="year of assignment")] = None,
    overdue: Annotated[
        bool | None, Query(description="true: open items past their deadline on `as_of`")
    ] = None,
    as_of: Annotated[Day | None, Query(description="the day `overdue` is judged on; default today")] = None,
    q: TextSearch = None,
) -> Page[SupervisionRead]:
    """Items the caller may see, filtered, oldest first."""
    query = service.filter_items(
        service.visible_items(caller),
        caller=caller,
        unit=unit,
        status=status,
        year=year,
        overdue=overdue,
        as_of=as_of or calendar.local_day(utcnow(), timezone),
        q=q,
    )
    return await page(session, query, key=SupervisionItem.id, read=SupervisionRead, paging=paging)
