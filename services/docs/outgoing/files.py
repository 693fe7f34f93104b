"""A draft's .docx: read from a bounded multipart upload, kept in the draft files store; the
format check's request, as JSON or as an upload.

The store is small on purpose (`DraftFiles`): files under the data directory by default, or
any object store obstore opens from `DOCS_FILES_URL` (`s3://bucket/prefix` in production,
credentials and endpoint from the AWS_* environment; `memory:///` in tests).
"""

import asyncio
import os
from collections.abc import AsyncGenerator, AsyncIterator
from pathlib import Path
from typing import Protocol

import obstore
from fastapi.exceptions import RequestValidationError
from obstore.store import from_url
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from services.docs.format_check.layout.upload import MAX_UPLOAD, refuse
from services.docs.outgoing.schemas import FormatCheckRequest
from shared.errors import Invalid, TooLarge

MULTIPART_SLACK = 64 * 1024  # boundaries, headers and the metadata field
META_MAX = 32 * 1024
JSON_MAX = 2 * 1024 * 1024  # a JSON check: a body of 100,000 characters, escaped, and the rest
MACRO_NAMES = (".docm", ".dotm")
MACRO_TYPE = "macroenabled"


class DraftFiles(Protocol):
    async def put(self, outgoing_id: str, data: bytes) -> None: ...

    async def get(self, outgoing_id: str) -> bytes | None: ...


class LocalFiles:
    """Files under `<data_dir>/outgoing/<id>.docx`, written whole (temporary file, then rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, outgoing_id: str) -> Path:
        return self.root / f"{outgoing_id}.docx"

    def _write(self, outgoing_id: str, data: bytes) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.root / f".{outgoing_id}.docx.part"
        temporary.write_bytes(data)
        os.replace(temporary, self._path(outgoing_id))

    def _read(self, outgoing_id: str) -> bytes | None:
        path = self._path(outgoing_id)
        return path.read_bytes() if path.is_file() else None

    async def put(self, outgoing_id: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, outgoing_id, data)

    async def get(self, outgoing_id: str) -> bytes | None:
        return await asyncio.to_thread(self._read, outgoing_id)


class ObjectFiles:
    """Files `<id>.docx` in an object store (obstore: S3-compatible, or in memory)."""

    def __init__(self, url: str) -> None:
        self.store = from_url(url)

    async def put(self, outgoing_id: str, data: bytes) -> None:
        await obstore.put_async(self.store, f"{outgoing_id}.docx", data)

    async def get(self, outgoing_id: str) -> bytes | None:
        try:
            found = await obstore.get_async(self.store, f"{outgoing_id}.docx")
        except FileNotFoundError:
            return None
        return bytes(await found.bytes_async())


async def draft_files(request: Request) -> DraftFiles:
    """The store of the running service, made once."""
    state = request.app.state
    if getattr(state, "draft_files", None) is None:
        settings = state.settings
        url = getattr(settings, "files_url", None)
        state.draft_files = ObjectFiles(url) if url else LocalFiles(Path(settings.data_dir) / "outgoing")
    return state.draft_files  # type: ignore[no-any-return]


async def _capped(stream: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    received = 0
    async for chunk in stream:
        received += len(chunk)
        if received > limit:
            raise TooLarge(f"上传内容过大，上限为{MAX_UPLOAD // 1024 // 1024} MiB")
        yield chunk


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith("multipart/form-data")


async def capped_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past `limit` bytes (the declared length is checked first)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"上传内容过大，上限为{limit // 1024 // 1024 or 1} MiB")
    return b"".join([chunk async for chunk in _capped(request.stream(), limit)])


async def read_upload(request: Request) -> tuple[bytes, str | None]:
    """The `file` part (a .docx) and the optional `meta` part (JSON) of a bounded multipart upload."""
    if not is_multipart(request):
        raise Invalid(
            "file", "请以multipart/form-data上传，字段名为file (upload the .docx as multipart field `file`)"
        )
    limit = MAX_UPLOAD + MULTIPART_SLACK
    body = await capped_body(request, limit)

    async def replay() -> AsyncGenerator[bytes, None]:
        yield body

    try:
        form = await MultiPartParser(
            request.headers, replay(), max_files=1, max_fields=1, max_part_size=META_MAX
        ).parse()
    except MultiPartException as exc:
        raise Invalid("file", f"上传内容无法解析 (malformed multipart): {exc}") from exc
    try:
        upload, meta = form.get("file"), form.get("meta")
        if not isinstance(upload, UploadFile):
            raise Invalid("file", "缺少文件字段file (the .docx goes in the multipart field `file`)")
        name, kind = (upload.filename or "").lower(), (upload.content_type or "").lower()
        if name.endswith(MACRO_NAMES) or MACRO_TYPE in kind:
            raise refuse("启用宏的文档（.docm）不能上传，请另存为.docx")
        return await upload.read(), meta if isinstance(meta, str) else None
    finally:
        await form.close()


FILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/DocxUpload"}}},
    }
}


CHECK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/FormatCheckRequest"}},
            "multipart/form-data": {"schema": {"$ref": "#/components/schemas/DocxUpload"}},
        },
    }
}


async def check_payload(request: Request, fix: bool) -> tuple[FormatCheckRequest, bytes | None, bool]:
    """The metadata (JSON, or the `meta` part), the .docx of a multipart upload, and whether the
    kind is to be read from the file's title (an upload without `meta`)."""
    if is_multipart(request):
        data, meta = await read_upload(request)
        return _validated(meta or '{"kind": "notice"}'), data, meta is None
    if fix:
        raise Invalid("fix", "fix=true 仅用于上传的.docx (fix applies to an uploaded .docx)")
    return _validated(await capped_body(request, JSON_MAX)), None, False


def _validated(raw: str | bytes) -> FormatCheckRequest:
    try:
        return FormatCheckRequest.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc
