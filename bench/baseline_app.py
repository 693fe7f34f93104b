"""The baseline of the POST figure: a bare FastAPI endpoint that inserts one row per request.

`uvicorn --factory bench.baseline_app:create_app` with BENCH_BASELINE_DB=<path> (SQLite) or
BENCH_BASELINE_PG=<postgresql://...> (PostgreSQL). It parses the same body as
`POST /api/v1/incoming` with pydantic, inserts it into one table, autocommit (one transaction
per insert, as durable as the service's), and answers 201 with the row: through one aiosqlite
connection (WAL, synchronous=NORMAL), or a pool of asyncpg connections as large as the
service's. No auth, no outbox, no ORM: what a Python web stack does at the least.
"""

import os
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import aiosqlite
import asyncpg  # type: ignore[import-untyped]
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


PG_INSERT = (
    "INSERT INTO incoming (id, title, source_org, source_ref, channel, received_at, registered_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)"
)


@asynccontextmanager
async def sqlite_db(app: FastAPI) -> AsyncIterator[None]:
    db = await aiosqlite.connect(os.environ["BENCH_BASELINE_DB"], isolation_level=None)
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=NORMAL")
    await db.execute(SCHEMA)
    app.state.insert = lambda values: db.execute(INSERT, values)
    try:
        yield
    finally:
        await db.close()


@asynccontextmanager
async def postgresql_db(app: FastAPI) -> AsyncIterator[None]:
    pool = await asyncpg.create_pool(os.environ["BENCH_BASELINE_PG"], min_size=10, max_size=10)
    await pool.execute(SCHEMA)
    app.state.insert = lambda values: pool.execute(PG_INSERT, *values)
    try:
        yield
    finally:
        await pool.close()


def create_app() -> FastAPI:
    lifespan = postgresql_db if os.environ.get("BENCH_BASELINE_PG") else sqlite_db
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
        await request.app.state.insert(
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
