"""The baseline of the POST figure: a bare FastAPI endpoint that inserts one SQLite row per request.

`uvicorn --factory bench.baseline_app:create_app` with BENCH_BASELINE_DB=<path>. It parses the
same body as `POST /api/v1/incoming` with pydantic, inserts it into one table through one
aiosqlite connection (WAL, synchronous=NORMAL, autocommit: one transaction per insert, as
durable as the service's) and answers 201 with the row. No auth, no outbox, no ORM: what a
Python web stack on SQLite does at the least.
"""

import os
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import aiosqlite
from fastapi import FastAPI, Request
from pydantic import AwareDatetime, BaseModel

SCHEMA = """
CREATE TABLE IF NOT EXISTS incoming (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    source_org TEXT NOT NULL,
    source_ref TEXT,
    channel TEXT NOT NULL,
    received_at TEXT NOT NULL,
    registered_at TEXT NOT NULL
)
"""
INSERT = (
    "INSERT INTO incoming (id, title, source_org, source_ref, channel, received_at, registered_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)


class IncomingCreate(BaseModel):
    title: str
    source_org: str
    source_ref: str | None = None
    channel: str
    classification: str = "none"
    urgency: str = "normal"
    received_at: AwareDatetime


class IncomingRead(BaseModel):
    id: str
    title: str
    source_org: str
    channel: str
    received_at: datetime
    registered_at: datetime


def create_app() -> FastAPI:
    path = os.environ["BENCH_BASELINE_DB"]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = await aiosqlite.connect(path, isolation_level=None)
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.execute(SCHEMA)
        app.state.db = db
        try:
            yield
        finally:
            await db.close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/api/v1/incoming", status_code=201)
    async def register(request: Request, payload: IncomingCreate) -> IncomingRead:
        row = IncomingRead(
            id=f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(7)}",
            title=payload.title,
            source_org=payload.source_org,
            channel=payload.channel,
            received_at=payload.received_at,
            registered_at=datetime.now(UTC),
        )
        await request.app.state.db.execute(
            INSERT,
            (
                row.id,
                row.title,
                row.source_org,
                payload.source_ref,
                row.channel,
                row.received_at.isoformat(),
                row.registered_at.isoformat(),
            ),
        )
        return row

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
