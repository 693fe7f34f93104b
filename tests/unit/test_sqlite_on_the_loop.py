"""SQLite's statements run on the event loop's thread, and the loop keeps turning: while another
process holds the write lock, and while one task runs thousands of statements."""

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared import db


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
