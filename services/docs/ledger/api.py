"""Routes of the incoming ledger (收文登记簿): `GET` exports a year (.xlsx or CSV), `POST` imports one."""

import asyncio
from typing import Any, Literal

from fastapi import APIRouter, Request, Response

from services.docs import service
from services.docs.audit import service as audit
from services.docs.ledger import common, registers, upload
from services.docs.ledger import service as ledger
from services.docs.ledger.common import LedgerUnit, LedgerYear
from services.docs.models import IncomingDocument
from shared import spreadsheet
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.command import Cmd, office_timezone
from shared.downloads import attachment
from shared.guards import body_limit
from shared.settings import MIB

router = APIRouter(tags=["incoming"])
MAX_FILE_BYTES = 10 * MIB  # the body guard's ceiling; DOCS_LEDGER_MAX_BYTES may set less


@router.get("/ledgers/incoming", response_class=Response)  # its types: shared.openapi.DOWNLOADS
async def export_ledger(
    request: Request,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    year: LedgerYear,
    unit: LedgerUnit = None,
    format: Literal["xlsx", "csv"] = "xlsx",
) -> Response:
    """The year's incoming ledger (收文登记簿) as .xlsx or CSV: what this caller may see, or one unit's
    (registered, led or assisted by it); text stays text."""
    unit_name = common.unit_asked(caller, units, unit)
    visible = service.visible_incoming(caller).where(IncomingDocument.year == year)
    query = service.filter_incoming(visible, year=year, status=None, channel=None, unit=unit)
    documents = list((await session.scalars(query.order_by(IncomingDocument.id))).all())
    await audit.record_reads(
        session, caller=caller, kind="incoming", documents=documents, route="GET /ledgers/incoming"
    )
    await session.commit()
    title = ledger.title(year, unit_name)
    content = await asyncio.to_thread(  # CPU work: a second for the largest ledger, off the event loop
        ledger.export,
        documents,
        format,
        title=title,
        units=common.unit_names(units),
        timezone=office_timezone(request),
    )
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


router.include_router(registers.router)
