"""Database engines and sessions: SQLAlchemy 2 async, SQLite (WAL) by default, PostgreSQL by URL."""

import os
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from shared import sqlite
from shared.pool import InTurnPool

SessionFactory = async_sessionmaker[AsyncSession]
BUSY_TIMEOUT_S = 30  # how long a writer waits for SQLite's lock, or for the pool's one connection
OUTBOX_ADDED = "outbox_added"
IDLE_PING_S = 10.0  # PostgreSQL: a connection idle longer than this is pinged before it is used
_IDLE_SINCE = "idle_since"
_CHECKPOINTER = "checkpointer"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(url: str, *, pool_size: int = 10, **kwargs: Any) -> AsyncEngine:
    """Create the engine; on SQLite, WAL and write transactions that lock at BEGIN.

    On PostgreSQL, a pool of `pool_size` connections and no overflow: a request beyond them
    waits its turn in the pool. Overflow connections are closed as soon as they are returned,
    so under a steady load above the pool they are opened and closed all the time, each with its
    TLS and authentication round trips, inside requests (p99 near a second at 32 connections).
    A connection is pinged only after it sat idle (`_ping_when_idle`).
    """
    if not is_sqlite(url):
        kwargs.setdefault("pool_size", pool_size)
        kwargs.setdefault("max_overflow", 0)
        kwargs.setdefault("pool_timeout", 30)
        kwargs.setdefault("poolclass", InTurnPool)  # waiters served in turn (shared/pool.py)
        engine = create_async_engine(url, **kwargs)
        _ping_when_idle(engine)
        return engine
    # Every transaction takes the write lock at BEGIN (below), so only one can run at a time
    # anyway: with one pooled connection the others wait in the pool's queue, in turn
    # (shared/pool.py) and woken when it frees, instead of polling for SQLite's lock.
    kwargs.setdefault("poolclass", InTurnPool)
    kwargs.setdefault("pool_size", 1)
    kwargs.setdefault("max_overflow", 0)
    kwargs.setdefault("pool_timeout", BUSY_TIMEOUT_S)
    # A session ends its own transaction (commit, or rollback on close), and a bare connection
    # rolls back on close: the pool's own rollback on return would be a second, empty statement.
    kwargs.setdefault("pool_reset_on_return", None)
    path = _sqlite_file(url)
    kwargs.setdefault("async_creator", sqlite.connector(path))
    engine = create_async_engine(url, **kwargs)
    _configure_sqlite(engine)
    if path != ":memory:":
        _checkpoint_on_a_thread(engine, path)
    return engine


def _sqlite_file(url: str) -> str:
    """The SQLite file of `url`, created with its directory for its owner only (SQLite gives its
    -wal and -shm files the database's mode); ":memory:" for an in-memory one (the pool's one
    connection holds it)."""
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file::memory:"):
        return ":memory:"
    Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    return path


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Ping a connection at checkout when it sat idle over `IDLE_PING_S` (a restarted server or a
    dropped link then costs a fresh connection, not a failed request); not one in steady use:
    asyncpg's ping is three round trips (BEGIN, `;`, ROLLBACK), which `pool_pre_ping` would add
    to every request. A connection lost while in use fails its statement: a 503 (shared/errors.py)
    and the pool starts again with new connections."""

    @event.listens_for(engine.sync_engine.pool, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine.sync_engine.pool, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since <= IDLE_PING_S:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:  # the pool replaces the connection and tries again
            raise exc.DisconnectionError(f"idle connection lost: {error!r}") from error


def _checkpoint_on_a_thread(engine: AsyncEngine, path: str) -> None:
    """Each connection to the file has a `sqlite.Checkpointer` while it is open, and its own
    automatic checkpoint only as a fallback."""

    @event.listens_for(engine.sync_engine, "connect")
    def _start(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA wal_autocheckpoint={sqlite.CHECKPOINT_FALLBACK_PAGES}")
        cursor.close()
        record.info[_CHECKPOINTER] = sqlite.Checkpointer(path)

    @event.listens_for(engine.sync_engine.pool, "close")
    def _stop(_dbapi_connection: Any, record: Any) -> None:
        checkpointer = record.info.pop(_CHECKPOINTER, None)
        if checkpointer is not None:
            checkpointer.stop()


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's own transaction handling begins late (deferred); two writers that both
    # read first then deadlock on the upgrade. BEGIN IMMEDIATE takes the write lock at
    # once, so concurrent writers queue for it instead of failing.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # waits for the write lock without stopping the loop (shared/sqlite.py)
        driver = connection.connection.dbapi_connection
        driver.run_async(lambda sqlite_connection: sqlite_connection.begin_immediate(BUSY_TIMEOUT_S))


def session_factory(
    engine: AsyncEngine,
    *,
    on_outbox_commit: Callable[[], None] | None = None,
    info: dict[str, Any] | None = None,
) -> SessionFactory:
    """Sessions for one service; `on_outbox_commit` runs after a commit that added events;
    `info` is copied into each session's `info` (settings a rule reads from its session)."""

    class ServiceSession(Session):
        pass

    if on_outbox_commit is not None:
        callback = on_outbox_commit

        @event.listens_for(ServiceSession, "after_commit")
        def _after_commit(session: Session) -> None:
            if session.info.pop(OUTBOX_ADDED, False):
                callback()

    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=ServiceSession, info=info)


@asynccontextmanager
async def transaction(factory: SessionFactory) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit on success, roll back on any error."""
    async with factory() as session, session.begin():
        yield session
