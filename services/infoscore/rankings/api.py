"""Routes of rankings, party information and notices."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from services.infoscore.models import Notice
from services.infoscore.rankings import document, notices, service
from services.infoscore.rankings.schemas import NoticeCreate, NoticeRead, PartyInfo, Rankings
from shared.bounds import CodeQuery, IdPath, YearPath, YearQuery
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["rankings"])


@router.get("/rankings")
async def rankings(
    ask: Ask,
    year: YearQuery,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
) -> Rankings:
    """Units by points in a year (or one month of it), ties sharing a rank; completion against target.

    Every unit's figures: office staff and auditors only, as the aggregate's rankings."""
    ask.caller.require_figures_of(None)
    return await service.ranking_table(ask, year=year, month=month)


@router.get("/party-info/{year}")
async def party_info(year: YearPath, ask: Ask, unit: CodeQuery = None) -> PartyInfo:
    """党委信息 of a year: target, items done, percent done (one unit, or the department).

    A unit's own caller sees its own; the department's and other units' are the office's."""
    ask.caller.require_figures_of(unit)
    return await service.party_info(session=ask.session, year=year, unit=unit)


@router.post("/notices", status_code=201, response_model=NoticeRead)
async def publish_notice(payload: NoticeCreate, cmd: Cmd) -> Any:
    """Publishes a month's notice (通报) to every unit (office staff); once per month."""
    return await cmd.answer(notices.publish_notice(cmd, payload), NoticeRead)


@router.get("/notices")
async def list_notices(ask: Ask, paging: Paging) -> Page[NoticeRead]:
    """Published notices, oldest first."""
    return await ask.page(notices.notice_list(), key=Notice.id, read=NoticeRead, paging=paging)


@router.get("/notices/{notice_id}")
async def get_notice(notice_id: IdPath, ask: Ask) -> NoticeRead:
    """One published notice."""
    return NoticeRead.model_validate(await notices.get_notice(ask.session, notice_id))


@router.get("/notices/{notice_id}/document", response_class=Response)
async def notice_document(
    notice_id: IdPath, ask: Ask, format: Literal["markdown", "xlsx"] = "markdown"
) -> Response:
    """The notice as a document: markdown, or an Excel sheet."""
    return document.answer(await notices.get_notice(ask.session, notice_id), format)
