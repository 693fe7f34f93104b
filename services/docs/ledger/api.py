"""Routes of the incoming ledger (收文登记簿): `GET` exports a year (.xlsx or CSV), `POST` imports one."""

from typing import Any, Literal

from fastapi import APIRouter, Request, Response

from services.docs import service
from services.docs.ledger import download, registers, upload
from services.docs.ledger import service as ledger
from services.docs.ledger.common import LedgerUnit
from services.docs.models import IncomingDocument
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


router.include_router(registers.router)
