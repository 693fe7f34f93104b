"""An uploaded ledger: its type, its bytes read no further than the limit, its rows checked."""

import asyncio
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request

from services.docs.ledger import common
from services.docs.ledger import service as ledger
from services.docs.models import IncomingDocument
from services.docs.schemas import IncomingCreate
from shared.errors import Invalid, TooLarge, Unprocessable
from shared.units import UnitRegistry

ROW_LIMIT = f"须有1至{ledger.MAX_ROWS}行数据 (1 to {ledger.MAX_ROWS} rows)"


def media_type(request: Request) -> str:
    """The upload's type: CSV or .xlsx, else 422."""
    declared = request.headers.get("content-type", "")
    if not (declared.startswith("text/csv") or declared.startswith(ledger.XLSX)):
        raise Invalid("content-type", f"请上传 text/csv 或 {ledger.XLSX} (upload CSV or .xlsx)")
    return declared


async def content(request: Request) -> bytes:
    """The uploaded file, read no further than the size limit (413 past it)."""
    limit: int = request.app.state.settings.ledger_max_bytes
    too_large = TooLarge(f"文件超过 {limit // (1024 * 1024)} MiB (the file is larger than {limit} bytes)")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    read = bytearray()
    async for chunk in request.stream():
        read += chunk
        if len(read) > limit:
            raise too_large
    return bytes(read)


def imported(registered: list[IncomingDocument]) -> dict[str, Any]:
    """The answer of an import: how many were registered, and their registration numbers."""
    return {"imported": len(registered), "reg_nos": [doc.reg_no for doc in registered]}


async def registrations(
    content: bytes, media_type: str, units: UnitRegistry, timezone: ZoneInfo
) -> list[IncomingCreate]:
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
        raise Unprocessable(
            "导入未执行：请改正以下各行后重新上传 (nothing imported; fix these rows)", errors=errors
        )
    return [payload for _, payload in parsed]
