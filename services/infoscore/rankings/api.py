"""Routes of rankings, party information and notices."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from services.infoscore.common import IdPath, YearPath
from services.infoscore.models import Notice
from services.infoscore.rankings import document, notices, service
from services.infoscore.rankings.schemas import NoticeCreate, NoticeRead, PartyInfo, Rankings
from shared import spreadsheet
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.command import Cmd
from shared.downloads import attachment
from shared.pagination import Page, Paging, page

router = APIRouter(tags=["rankings"])
XLSX = spreadsheet.XLSX


@router.get("/rankings")
async def rankings(
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    year: Annotated[int, Query(ge=1900, le=2200)],
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
) -> Rankings:
    """Units by points in a year (or one month of it), ties sharing a rank; completion against target.

    Every unit's figures: office staff and auditors only, as the aggregate's rankings."""
    caller.require_figures_of(None)
    rows = await service.rankings(session=session, units=units, year=year, month=month)
    return Rankings(year=year, month=month, items=rows)


@router.get("/party-info/{year}")
async def party_info(
    year: YearPath,
    session: Session,
    caller: CurrentCaller,
    unit: Annotated[str | None, Query(max_length=20)] = None,
) -> PartyInfo:
    """党委信息 of a year: target, items done, percent done (one unit, or the department).

    A unit's own caller sees its own; the department's and other units' are the office's."""
    caller.require_figures_of(unit)
    return await service.party_info(session=session, year=year, unit=unit)


@router.post("/notices", status_code=201, response_model=NoticeRead)
async def publish_notice(payload: NoticeCreate, cmd: Cmd) -> Any:
    """Publishes a month's notice (通报) to every unit (office staff); once per month."""
    return await cmd.answer(notices.publish_notice(cmd, payload), NoticeRead)


@router.get("/notices")
async def list_notices(session: Session, caller: CurrentCaller, paging: Paging) -> Page[NoticeRead]:
    """Published notices, oldest first."""
    return await page(session, select(Notice), key=Notice.id, read=NoticeRead, paging=paging)


@router.get("/notices/{notice_id}")
async def get_notice(notice_id: IdPath, session: Session, caller: CurrentCaller) -> NoticeRead:
    """One published notice."""
    return NoticeRead.model_validate(await notices.get_notice(session, notice_id))


@router.get("/notices/{notice_id}/document", response_class=Response)
async def notice_document(
    notice_id: IdPath,
    session: Session,
    caller: CurrentCaller,
    format: Literal["markdown", "xlsx"] = "markdown",
) -> Response:
    """The notice as a document: markdown, or an Excel sheet."""
    notice = await notices.get_notice(session, notice_id)
    if format == "xlsx":
        headers = attachment(f"{notice.title}.xlsx", f"notice-{notice.year}-{notice.month:02d}.xlsx")
        return Response(document.xlsx(notice), media_type=XLSX, headers=headers)
    return Response(document.markdown(notice), media_type="text/markdown; charset=utf-8")
