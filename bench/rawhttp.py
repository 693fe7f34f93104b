"""A minimal keep-alive HTTP/1.1 client on asyncio streams, for load that costs the bench little.

httpx spends a few hundred microseconds of CPU per request; on a 2-core machine shared with
the services that is measurable, so the bench talks HTTP itself: one request at a time per
connection, bodies by Content-Length (or chunked), reconnecting when the server closes.
"""

import asyncio
import contextlib
import json
from typing import Any


class HttpError(Exception):
    pass


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, *, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        reused = self.writer is not None
        try:
            return await self._request(method, path, body, headers)
        except (asyncio.IncompleteReadError, ConnectionResetError) as exc:
            # The server closed a kept-alive connection while it sat idle (uvicorn does after
            # 5 s): no answer came, so send the request again on a fresh connection.
            if not reused or (isinstance(exc, asyncio.IncompleteReadError) and exc.partial):
                raise
            return await self._request(method, path, body, headers)

    async def _request(
        self, method: str, path: str, body: bytes, headers: dict[str, str] | None
    ) -> tuple[int, bytes]:
        if self.writer is None:
            await self._open()
        assert self.reader is not None and self.writer is not None
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body or method in ("POST", "PUT", "PATCH"):
            head.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        try:
            return await self._response()
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            raise

    async def _response(self) -> tuple[int, bytes]:
        assert self.reader is not None
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                fields[name.strip().lower()] = value.strip()
        if "content-length" in fields:
            body = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunked()
        else:
            body = b""
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts: list[bytes] = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await self.reader.readexactly(size + 2)
            if size == 0:
                return b"".join(parts)
            parts.append(chunk[:-2])


class Pool:
    """Up to `size` connections to one server, opened as needed and reused."""

    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None, size: int = 32) -> None:
        self.host = host
        self.port = port
        self.headers = headers or {}
        self.idle: list[Connection] = []
        self.all: list[Connection] = []
        self.slots = asyncio.Semaphore(size)

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        """One request on an idle connection (a new one if none, waiting when `size` are busy)."""
        async with self.slots:
            if self.idle:
                conn = self.idle.pop()
            else:
                conn = Connection(self.host, self.port)
                self.all.append(conn)
            status, answer = await conn.request(method, path, body=body, headers=self.headers)
            self.idle.append(conn)
            return status, answer

    async def get_json(self, path: str) -> Any:
        status, body = await self.request("GET", path)
        if status != 200:
            raise HttpError(f"GET {path}: {status} {body[:300]!r}")
        return json.loads(body)

    async def close(self) -> None:
        for conn in self.all:
            await conn.close()
        self.all.clear()
        self.idle.clear()
