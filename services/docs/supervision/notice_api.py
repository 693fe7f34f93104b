"""The monthly supervision notice (督办月通报) as a file: .docx to print, .xlsx to sort."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from services.docs.ledger import common
from services.docs.supervision import notice_document, service
from services.docs.supervision.api import Month
from shared import spreadsheet
from shared.bounds import YearPath
from shared.command import Ask
from shared.downloads import DOCX, attachment

router = APIRouter(tags=["supervision"])
RENDER = {"docx": (notice_document.docx, DOCX), "xlsx": (notice_document.xlsx, spreadsheet.XLSX)}


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
    render, media_type = RENDER[format]
    content = render(notice, common.unit_names(ask.units), ask.timezone)
    name = f"{notice_document.title(notice)}.{format}"
    fallback = f"supervision-notice-{year}-{month:02d}.{format}"
    return Response(content, media_type=media_type, headers=attachment(name, fallback))
