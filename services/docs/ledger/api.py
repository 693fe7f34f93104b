"""Routes of the office's registers: the incoming ledger (收文登记簿: `GET` exports a year, .xlsx or CSV,
`POST` imports one) and the registers beside it, 发文登记簿 and 督办台账, each for a year and a unit
(.xlsx, written in a thread: CPU work)."""

import asyncio
from typing import Any, Literal

from fastapi import APIRouter, Request, Response

from services.docs import service
from services.docs.audit import service as audit
from services.docs.ledger import common, download, upload
from services.docs.ledger import service as ledger
from services.docs.ledger.common import XLSX_ANSWER, LedgerUnit
from services.docs.models import IncomingDocument
from services.docs.outgoing import register as outgoing_register
from services.docs.supervision import ledger as supervision_ledger
from shared import spreadsheet
from shared.bounds import YearQuery
from shared.command import Ask, Cmd
from shared.downloads import attachment
from shared.guards import body_limit
from shared.settings import MIB

router = APIRouter(tags=["incoming"])
MAX_FILE_BYTES = 10 * MIB  # the body guard's ceiling; DOCS_LEDGER_MAX_BYTES may set less


@router.get("/ledgers/incoming", response_class=Response)  # its types: shared.openapi.DOWNLOADS
async def export_ledger(
    ask: Ask, year: YearQuery, unit: LedgerUnit = None, format: Literal["xlsx", "csv"] = "xlsx"
) -> Response:
    """The year's incoming ledger (收文登记簿) as .xlsx or CSV: what this caller may see, or one unit's
    (registered, led or assisted by it); text stays text."""
    content, title = await download.year_ledger(ask, year, unit, format)
    return Response(
        content,
        media_type=ledger.XLSX if format == "xlsx" else spreadsheet.CSV,
        headers=attachment(f"{title}.{format}", f"incoming-{year}.{format}"),
    )


@router.post("/ledgers/incoming", status_code=201, openapi_extra=body_limit(MAX_FILE_BYTES))
async def import_ledger(request: Request, cmd: Cmd) -> Any:
    """Imports a past year's ledger (.xlsx or CSV, the export or the API's headers): every row
    registered, or none (422 with the rows); a repeated `Idempotency-Key` answers the first answer."""
    cmd.caller.require("staff", "admin")
    media_type = upload.media_type(request)
    content = await upload.content(request)

    async def register() -> list[IncomingDocument]:
        parsed = await upload.registrations(content, media_type, cmd.units, cmd.timezone)
        return [await service.register_incoming(cmd, payload) for payload in parsed]

    return await cmd.answer(register(), upload.imported)


@router.get("/ledgers/outgoing", response_class=Response, responses=XLSX_ANSWER, tags=["outgoing"])
async def export_outgoing_ledger(ask: Ask, year: YearQuery, unit: LedgerUnit = None) -> Response:
    """The outgoing register (发文登记簿): the documents numbered in the year that this caller may see,
    or one drafting unit's; 文号, 签发人, 签发日期, 主送, 退回次数…; classified ones are audited."""
    unit_name = common.unit_asked(ask.caller, ask.units, unit)
    documents = list((await ask.session.scalars(outgoing_register.numbered(ask.caller, year, unit))).all())
    await audit.record_reads(
        ask.session, caller=ask.caller, kind="outgoing", documents=documents, route="GET /ledgers/outgoing"
    )
    await ask.session.commit()
    title = outgoing_register.title(year, unit_name)
    names = common.unit_names(ask.units)
    content = await asyncio.to_thread(
        outgoing_register.xlsx, documents, title=title, units=names, timezone=ask.timezone
    )
    return common.xlsx_file(content, title, f"outgoing-{year}.xlsx")


@router.get("/ledgers/supervision", response_class=Response, responses=XLSX_ANSWER, tags=["supervision"])
async def export_supervision_ledger(ask: Ask, year: YearQuery, unit: LedgerUnit = None) -> Response:
    """The supervision ledger (督办台账) of the items assigned in the year: every unit's for the office,
    a unit's own otherwise; progress, urges, and whether each is overdue today."""
    unit_name = common.unit_asked(ask.caller, ask.units, unit)
    today = ask.today()
    items = list((await ask.session.scalars(supervision_ledger.items(ask.caller, year, unit, today))).all())
    title = supervision_ledger.title(year, unit_name)
    names = common.unit_names(ask.units)
    content = await asyncio.to_thread(
        supervision_ledger.xlsx, items, title=title, units=names, today=today, timezone=ask.timezone
    )
    return common.xlsx_file(content, title, f"supervision-{year}.xlsx")
