"""Routes of the supervision ledger (督办台账) and its monthly notice (月通报)."""

from functools import partial
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query, Request

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
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.business_time import Day
from shared.envelope import utcnow
from shared.idempotency import IdempotencyHeader, commit_change, commit_once
from shared.pagination import Cursor, Limit, Page, paginate
from shared.query import TextSearch

router = APIRouter(tags=["supervision"])

Year = Annotated[int, Path(ge=2000, le=2100)]
Month = Annotated[int, Path(ge=1, le=12)]


def _timezone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.settings.timezone)


_commit = partial(commit_change, read=SupervisionRead)


@router.post("/supervision/notices", status_code=201, response_model=NoticeRead)
async def publish_notice(
    request: Request,
    payload: NoticeRequest,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Publishes the monthly notice (月通报): each unit's created, done, open and overdue items."""

    async def produce() -> NoticeRead:
        notice = await service.publish_notice(
            session=session, caller=caller, payload=payload, timezone=_timezone(request)
        )
        return NoticeRead.model_validate(notice)

    return await commit_once(
        session, caller=caller, key=idempotency_key, route="POST /supervision/notices", produce=produce
    )


@router.get("/supervision/notices/{year}/{month}")
async def get_notice(year: Year, month: Month, session: Session, caller: CurrentCaller) -> NoticeRead:
    """A published monthly notice, as published."""
    return NoticeRead.model_validate(await service.get_notice(session=session, year=year, month=month))


@router.post("/supervision", status_code=201, response_model=SupervisionRead)
async def create_item(
    request: Request,
    payload: SupervisionCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    workdays: WorkingDays,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Enters an item in the ledger (立项): from a leader's instruction, a meeting or a document."""

    async def change() -> SupervisionItem:
        return await service.create_item(
            session=session,
            caller=caller,
            units=units,
            payload=payload,
            timezone=_timezone(request),
            workdays=workdays,
        )

    return await _commit(session, caller, idempotency_key, "POST /supervision", change, status_code=201)


@router.post("/supervision/{item_id}/progress", response_model=SupervisionRead)
async def report_progress(
    item_id: ItemId,
    payload: ProgressRequest,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """The assignee unit reports progress (报送进展)."""

    async def change() -> SupervisionItem:
        return await service.report_progress(session=session, caller=caller, item_id=item_id, payload=payload)

    return await _commit(session, caller, idempotency_key, f"POST /supervision/{item_id}/progress", change)


@router.post("/supervision/{item_id}/urge", response_model=SupervisionRead)
async def urge_item(
    request: Request,
    item_id: ItemId,
    session: Session,
    caller: CurrentCaller,
    payload: UrgeRequest | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """The office urges the assignee unit (催办); counted."""

    async def change() -> SupervisionItem:
        return await service.urge_item(
            session=session,
            caller=caller,
            item_id=item_id,
            payload=payload or UrgeRequest(),
            timezone=_timezone(request),
        )

    return await _commit(session, caller, idempotency_key, f"POST /supervision/{item_id}/urge", change)


@router.post("/supervision/{item_id}/complete", response_model=SupervisionRead)
async def complete_item(
    request: Request,
    item_id: ItemId,
    session: Session,
    caller: CurrentCaller,
    payload: CompleteRequest | None = None,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Completes the item (办结); `on_time` tells whether it met its deadline."""

    async def change() -> SupervisionItem:
        return await service.complete_item(
            session=session,
            caller=caller,
            item_id=item_id,
            payload=payload or CompleteRequest(),
            timezone=_timezone(request),
        )

    return await _commit(session, caller, idempotency_key, f"POST /supervision/{item_id}/complete", change)


@router.get("/supervision/{item_id}")
async def get_item(item_id: ItemId, session: Session, caller: CurrentCaller) -> SupervisionRead:
    """One item with its history, if the caller may see it."""
    return SupervisionRead.model_validate(
        await service.get_item(session=session, caller=caller, item_id=item_id)
    )


@router.get("/supervision")
async def list_items(
    request: Request,
    session: Session,
    caller: CurrentCaller,
    unit: Annotated[str | None, Query(max_length=20, description="assignee unit")] = None,
    status: Annotated[SupervisionStatus | None, Query(description="open | completed")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200, description="year of assignment")] = None,
    overdue: Annotated[
        bool | None, Query(description="true: open items past their deadline on `as_of`")
    ] = None,
    as_of: Annotated[Day | None, Query(description="the day `overdue` is judged on; default today")] = None,
    q: TextSearch = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[SupervisionRead]:
    """Items the caller may see, filtered, oldest first."""
    timezone = _timezone(request)
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
    rows, next_cursor = await paginate(session, query, key=SupervisionItem.id, limit=limit, cursor=cursor)
    return Page(items=[SupervisionRead.model_validate(r) for r in rows], next_cursor=next_cursor)
