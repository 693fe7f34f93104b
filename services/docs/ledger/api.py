"""Routes of the incoming ledger: `GET` exports a year as .xlsx, `POST` imports a past year."""

from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, Response

from services.docs import service
from services.docs.ledger import service as ledger
from services.docs.models import IncomingDocument
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.errors import Invalid, Problem
from shared.guards import body_limit
from shared.settings import MIB

router = APIRouter(tags=["incoming"])
MAX_ROWS = 5000
MAX_FILE_BYTES = 10 * MIB


class RowErrors(Problem):
    status = 422


@router.get("/ledgers/incoming", response_class=Response)
async def export_ledger(
    session: Session, caller: CurrentCaller, year: Annotated[int, Query(ge=1900, le=2200)]
) -> Response:
    """The year's incoming ledger as .xlsx (what this caller may see)."""
    query = (
        service.visible_incoming(caller).where(IncomingDocument.year == year).order_by(IncomingDocument.id)
    )
    documents = list((await session.scalars(query)).all())
    return Response(
        ledger.export_xlsx(documents),
        media_type=ledger.XLSX,
        headers={"Content-Disposition": f'attachment; filename="incoming-{year}.xlsx"'},
    )


@router.post("/ledgers/incoming", status_code=201, openapi_extra=body_limit(MAX_FILE_BYTES))
async def import_ledger(request: Request, session: Session, caller: CurrentCaller, units: Registry) -> Any:
    """Imports a past year's ledger (.xlsx or CSV): every row registered, or none (422 with the rows)."""
    caller.require("staff", "admin")
    media_type = request.headers.get("content-type", "")
    if not (media_type.startswith("text/csv") or media_type.startswith(ledger.XLSX)):
        raise Invalid("content-type", f"请上传 text/csv 或 {ledger.XLSX} (upload CSV or .xlsx)")
    content = await request.body()  # at most MAX_FILE_BYTES (413 beyond)
    try:
        rows = ledger.read_rows(content, media_type)
    except Exception as exc:  # a file openpyxl or csv cannot read is the caller's to fix
        raise Invalid("file", f"文件无法读取 (unreadable file): {exc}") from exc
    if not rows or len(rows) > MAX_ROWS:
        raise Invalid("file", f"须有1至{MAX_ROWS}行数据 (1 to {MAX_ROWS} rows)")
    parsed, errors = ledger.parse_rows(rows)
    for number, payload in parsed:
        if payload.unit is not None and payload.unit not in units:
            errors.append({"row": number, "field": "unit", "message": f"未知单位代码 {payload.unit}"})
    if errors:
        errors.sort(key=lambda e: e["row"])
        raise RowErrors(
            "导入未执行：请改正以下各行后重新上传 (nothing imported; fix these rows)", errors=errors
        )
    timezone = ZoneInfo(request.app.state.settings.timezone)
    registered = [
        await service.register_incoming(
            session=session, caller=caller, units=units, payload=payload, timezone=timezone
        )
        for _, payload in parsed
    ]
    answer = {"imported": len(registered), "reg_nos": [doc.reg_no for doc in registered]}
    await session.commit()
    return answer
