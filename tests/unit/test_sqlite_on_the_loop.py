"""SQLite's statements run on the event loop's thread, and the loop keeps turning: while another
process holds the write lock, and while one task runs thousands of statements. The WAL is
checkpointed on a thread of the engine's, not in a commit, and begun again while writes go on."""

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared import db, sqlite
from tests.support import eventually


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'office.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE item (n INTEGER)"))
    yield engine
    await engine.dispose()


def holder(engine: AsyncEngine) -> sqlite3.Connection:
    """Another connection (as another process's) holding the write lock."""
    other = sqlite3.connect(engine.url.database or "", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


async def longest_pause(work: Awaitable[Any]) -> tuple[float, Any]:
    """The longest the loop went without turning while `work` ran (a ticker every 5 ms)."""
    task = asyncio.ensure_future(work)
    pauses = []
    while not task.done():
        before = time.perf_counter()
        await asyncio.sleep(0.005)
        pauses.append(time.perf_counter() - before)
    return max(pauses), await task


async def insert_one(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO item VALUES (1)"))


async def count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT count(*) FROM item"))).scalar_one())


async def test_a_writer_waits_for_another_process_lock_without_stopping_the_loop(engine: AsyncEngine) -> None:
    other = holder(engine)
    writing = asyncio.create_task(insert_one(engine))
    pause, _ = await longest_pause(asyncio.sleep(0.3))
    assert not writing.done()  # still waiting for the lock
    assert pause < 0.1  # SQLite's own busy wait would have held the loop for the whole 0.3 s
    other.commit()
    other.close()
    await asyncio.wait_for(writing, 5)
    assert await count(engine) == 1


async def test_a_lock_held_past_the_timeout_is_database_is_locked(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.2)
    other = holder(engine)
    try:
        started = time.perf_counter()
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            await insert_one(engine)
        assert 0.2 <= time.perf_counter() - started < 2
    finally:
        other.close()
    await insert_one(engine)  # the connection is usable again
    assert await count(engine) == 1


async def test_a_long_run_of_statements_lets_the_loop_turn(engine: AsyncEngine) -> None:
    async def insert_many() -> None:
        async with engine.begin() as connection:
            for n in range(20_000):
                await connection.execute(text("INSERT INTO item VALUES (:n)"), {"n": n})

    pause, _ = await longest_pause(insert_many())
    assert await count(engine) == 20_000
    assert pause < 0.1  # the whole run takes seconds


def files(engine: AsyncEngine) -> tuple[Path, Path]:
    database = Path(engine.url.database or "")
    return database, database.with_name(database.name + "-wal")


async def write_pages(engine: AsyncEngine, rows: int) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE IF NOT EXISTS page (body BLOB)"))
        for _ in range(rows):
            await connection.execute(text("INSERT INTO page VALUES (randomblob(3000))"))


async def test_the_wal_is_copied_into_the_database_file_by_the_engine_thread(engine: AsyncEngine) -> None:
    database, _ = files(engine)
    before = database.stat().st_size
    await write_pages(engine, 200)  # 200 pages: short of the 1,000 at which a commit would copy

    async def copied() -> bool:  # while the connection is open
        return database.stat().st_size >= before + 200 * 3000

    await eventually(copied, within=5 * sqlite.CHECKPOINT_EVERY_S)
    async with engine.connect() as connection:
        fallback = (await connection.execute(text("PRAGMA wal_autocheckpoint"))).scalar_one()
    assert fallback == sqlite.CHECKPOINT_FALLBACK_PAGES


async def test_a_wal_written_without_pause_is_begun_again(engine: AsyncEngine) -> None:
    """A PASSIVE checkpoint alone ends while the next write is under way, and the WAL then grows
    by every page written; with the RESTART each second it stays near one second's pages (two,
    if a RESTART missed the lock)."""
    _, wal = files(engine)
    sizes = {}
    started = time.monotonic()
    while (elapsed := time.monotonic() - started) < 5.5 * sqlite.CHECKPOINT_EVERY_S:
        await write_pages(engine, 1)
        await asyncio.sleep(0.002)
        sizes[round(elapsed, 1)] = wal.stat().st_size
    early = max(size for at, size in sizes.items() if at <= 1.5)
    assert max(sizes.values()) < 3 * early  # without the RESTART: about five times


async def test_the_checkpoint_thread_ends_with_the_engine(tmp_path: Path) -> None:
    engine = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'office.db'}")
    await write_pages(engine, 1)
    name = f"checkpoint {tmp_path / 'office.db'}"
    assert any(thread.name == name for thread in threading.enumerate())
    await engine.dispose()
    assert not any(thread.name == name for thread in threading.enumerate())
