"""Routes of the incoming ledger: `GET` exports a year as .xlsx or CSV, `POST` imports a past year."""

import asyncio
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, Response

from services.docs import service
from services.docs.audit import service as audit
from services.docs.ledger import service as ledger
from services.docs.models import IncomingDocument
from shared import spreadsheet
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.command import Command
from shared.errors import Invalid, Problem
from shared.guards import body_limit
from shared.settings import MIB

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


@router.get("/ledgers/incoming", response_class=Response)
async def export_ledger(
    session: Session,
    caller: CurrentCaller,
    year: Annotated[int, Query(ge=1900, le=2200)],
    format: Literal["xlsx", "csv"] = "xlsx",
) -> Response:
    """The year's incoming ledger as .xlsx or CSV (what this caller may see; text stays text)."""
    query = (
        service.visible_incoming(caller).where(IncomingDocument.year == year).order_by(IncomingDocument.id)
    )
    documents = list((await session.scalars(query)).all())
    await audit.record_reads(
        session, caller=caller, kind="incoming", documents=documents, route="GET /ledgers/incoming"
    )
    await session.commit()
    return Response(
        ledger.export(documents, format),
        media_type=ledger.XLSX if format == "xlsx" else spreadsheet.CSV,
        headers={"Content-Disposition": f'attachment; filename="incoming-{year}.{format}"'},
    )


@router.post("/ledgers/incoming", status_code=201, openapi_extra=body_limit(MAX_FILE_BYTES))
async def import_ledger(request: Request, session: Session, caller: CurrentCaller, units: Registry) -> Any:
    """Imports a past year's ledger (.xlsx or CSV): every row registered, or none (422 with the rows)."""
    caller.require("staff", "admin")
    media_type = request.headers.get("content-type", "")
    if not (media_type.startswith("text/csv") or media_type.startswith(ledger.XLSX)):
        raise Invalid("content-type", f"请上传 text/csv 或 {ledger.XLSX} (upload CSV or .xlsx)")
    content = await _file(request)
    try:
        parsed, errors = await asyncio.to_thread(ledger.read_ledger, content, media_type)
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
    timezone = ZoneInfo(request.app.state.settings.timezone)
    command = Command(session=session, caller=caller, units=units, timezone=timezone)
    registered = [await service.register_incoming(command, payload) for _, payload in parsed]
    answer = {"imported": len(registered), "reg_nos": [doc.reg_no for doc in registered]}
    await session.commit()
    return answer
