"""`python -m bench.asgi_drive docs|baseline <requests>`: POST /api/v1/incoming through the app's
ASGI interface in this process, 8 at a time, no HTTP server or client: what the instructions
figure counts under valgrind (`bench/instructions.py`). Not httpx's `ASGITransport`, whose own
building and parsing of each request and answer would be counted with the app's, and would
weigh more beside the bare app's 0.7 million instructions than beside docs'. Settings come
from the environment, as a service's do (its SQLite file, NATS, the signing secret)."""

import asyncio
import sys
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI
from starlette.types import Message, Scope

from bench.workload import incoming_body, json_headers

AT_ONCE = 8
RELAY_S = 1.0  # the relay publishes what the last requests staged before the app stops


def _scope(headers: list[tuple[bytes, bytes]], state: Mapping[str, Any]) -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/incoming",
        "raw_path": b"/api/v1/incoming",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": state,
    }


async def _register(app: FastAPI, request: tuple[Scope, bytes]) -> None:
    scope, body = request
    sent = False
    statuses: list[int] = []

    async def receive() -> Message:
        nonlocal sent
        if sent:
            await asyncio.Event().wait()  # the client never disconnects
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(dict(scope, state=dict(scope["state"])), receive, send)  # the app writes into both
    if statuses != [201]:
        raise RuntimeError(f"POST /api/v1/incoming answered {statuses}")


async def drive(app: FastAPI, requests: int) -> None:
    body = incoming_body()
    headers = [(k.lower().encode(), v.encode()) for k, v in json_headers().items()]
    headers += [(b"host", b"bench"), (b"content-length", str(len(body)).encode())]
    async with app.router.lifespan_context(app) as state:
        request = (_scope(headers, state or {}), body)
        for _ in range(0, requests, AT_ONCE):
            await asyncio.gather(*(_register(app, request) for _ in range(AT_ONCE)))
        await asyncio.sleep(RELAY_S)


def _app(target: str) -> FastAPI:
    if target == "docs":
        from services.docs.app import create_app as docs

        return docs()
    from bench.baseline_app import create_app as baseline

    return baseline()


if __name__ == "__main__":
    asyncio.run(drive(_app(sys.argv[1]), int(sys.argv[2])))
