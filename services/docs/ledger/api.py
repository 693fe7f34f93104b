"""Routes of the incoming ledger (收文登记簿): `GET` exports a year (.xlsx or CSV), `POST` imports one."""

import asyncio
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response

from services.docs import service
from services.docs.audit import service as audit
from services.docs.ledger import common, registers
from services.docs.ledger import service as ledger
from services.docs.ledger.common import LedgerUnit, LedgerYear
from services.docs.models import IncomingDocument
from services.docs.schemas import IncomingCreate
from shared import spreadsheet
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.command import Cmd, office_timezone
from shared.downloads import attachment
from shared.errors import Invalid, Problem
from shared.guards import body_limit
from shared.settings import MIB
from shared.units import UnitRegistry

router = APIRouter(tags=["incoming"])
ROW_LIMIT = f"须有1至{ledger.MAX_ROWS}行数据 (1 to {ledger.MAX_ROWS} rows)"
MAX_FILE_BYTES = 10 * MIB  # the body guard's ceiling; DOCS_LEDGER_MAX_BYTES may set less


class RowErrors(Problem):
    status = 422


class TooLarge(Problem):
    status = 413


async def _file(request: Request) -> bytes:
    """The uploaded file, read no further than the size limit (413 past it)."""
    limit: int = request.app.state.settings.ledger_max_bytes
    too_large = TooLarge(f"文件超过 {limit // (1024 * 1024)} MiB (the file is larger than {limit} bytes)")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    content = bytearray()
    async for chunk in request.stream():
        content += chunk
        if len(content) > limit:
            raise too_large
    return bytes(content)


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
    media_type = request.headers.get("content-type", "")
    if not (media_type.startswith("text/csv") or media_type.startswith(ledger.XLSX)):
        raise Invalid("content-type", f"请上传 text/csv 或 {ledger.XLSX} (upload CSV or .xlsx)")
    content = await _file(request)

    async def register() -> list[IncomingDocument]:
        parsed = await _parsed(content, media_type, cmd.units, cmd.timezone)
        return [await service.register_incoming(cmd, payload) for _, payload in parsed]

    return await cmd.answer(register(), _imported)


def _imported(registered: list[IncomingDocument]) -> dict[str, Any]:
    return {"imported": len(registered), "reg_nos": [doc.reg_no for doc in registered]}


async def _parsed(
    content: bytes, media_type: str, units: UnitRegistry, timezone: ZoneInfo
) -> list[tuple[int, IncomingCreate]]:
    """The file's registrations, or a 422: the file unreadable, or every bad row named."""
    codes = {name: code for code, name in common.unit_names(units).items()}
    try:
        parsed, errors = await asyncio.to_thread(
            ledger.read_ledger, content, media_type, unit_codes=codes, timezone=timezone
        )
    except ledger.TooManyRows as exc:
        raise Invalid("file", ROW_LIMIT) from exc
    except Exception as exc:  # a file openpyxl or csv cannot read is the caller's to fix
        raise Invalid("file", f"文件无法读取 (unreadable file): {exc}") from exc
    if not parsed and not errors:
        raise Invalid("file", ROW_LIMIT)
    for number, payload in parsed:
        if payload.unit is not None and payload.unit not in units:
            errors.append({"row": number, "field": "unit", "message": f"未知单位代码 {payload.unit}"})
    if errors:
        errors.sort(key=lambda e: e["row"])
        raise RowErrors(
            "导入未执行：请改正以下各行后重新上传 (nothing imported; fix these rows)", errors=errors
        )
    return parsed


router.include_router(registers.router)
