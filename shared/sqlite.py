"""SQLite through aiosqlite's interface, with its statements run on the event loop's thread.

aiosqlite runs every call on its connection's own thread, and SQLAlchemy's adapter makes up to
four a statement (open a cursor, execute, fetch, close): each a handoff between two threads,
with the GIL between them, that costs more than the statement. In WAL mode with
`synchronous=NORMAL` a commit writes to the WAL without waiting for the disk, so a statement
takes microseconds; here each runs where it is awaited (a future already done never yields), and
a POST /incoming takes half the CPU it took through the thread (README "Speed"). Under uvloop
the same load then had a p99 over a second (some requests starved, with no long step on the loop
to show for it); under asyncio's own loop it has none, so the services run on that (`--loop
asyncio`, and uvicorn without the [standard] extra that brings uvloop).

What the thread was for is kept another way. A writer waiting for the lock would stop the whole
loop, so SQLite's busy wait is off (`busy_timeout` 0) and `begin_immediate` waits for the lock
itself, asynchronously. The connection is used by one task at a time: the pool lends it to one
session, and a task whose statements have run 5 ms without a pause (an import of thousands of
rows) gives the loop its turn. Still on the loop: any single long statement (why the
aggregate's rebuild applies events in batches).

Nor does the loop copy the WAL into the database file, as SQLite's automatic checkpoint would:
in the commit that takes the WAL past 1,000 pages (every hundred or so POST /incoming), with two
fsyncs, while every other request waits for the loop. `Checkpointer` does it on a thread of its
own. The automatic checkpoint stays as a fallback, at `CHECKPOINT_FALLBACK_PAGES`, for a WAL the
thread could not restart (README "Speed").
"""

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

import aiosqlite

YIELD_AFTER_S = 0.005  # a task's run of statements gives the loop its turn after this long
LOCK_WAIT_INITIAL_S = 0.002
LOCK_WAIT_MAX_S = 0.05
CHECKPOINT_EVERY_S = 1.0
CHECKPOINT_LOCK_WAIT_S = 0.1  # how long a RESTART waits for the write lock and for readers
CHECKPOINT_FALLBACK_PAGES = 10_000  # a WAL this long (40 MB) is checkpointed by its writer
CHECKPOINT_STOP_WAIT_S = 5.0


class _Inline:
    """aiosqlite's queue to its thread, replaced: each call runs as it is put (the calls that do not
    go through `_execute`: connecting, closing, and SQLAlchemy's isolation-level setter)."""

    def put_nowait(self, item: tuple[Any, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:  # handed to the awaiting caller, as aiosqlite's thread does
            if future is not None:
                future.set_exception(exc)
            return
        if future is not None:
            future.set_result(result)


class _Connection(aiosqlite.Connection):
    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _Inline()  # type: ignore[assignment]
        self._since = time.perf_counter()

    def __await__(self) -> Any:
        return self._connect().__await__()  # no thread to start

    async def begin_immediate(self, timeout_s: float) -> None:
        """BEGIN IMMEDIATE; while another connection (another process: this one lends its only
        connection to one session at a time) holds the write lock, wait asynchronously, in steps
        up to 50 ms, for `timeout_s` at most ("database is locked" then). A poll, not a retry of
        failed work (so not stamina): nothing to log at each try."""
        deadline, wait = time.monotonic() + timeout_s, LOCK_WAIT_INITIAL_S
        while True:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(wait)
            wait = min(wait * 2, LOCK_WAIT_MAX_S)
        self._since = time.perf_counter()  # a transaction's statements are timed from its start

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        result = fn(*args, **kwargs)
        if time.perf_counter() - self._since > YIELD_AFTER_S:
            await asyncio.sleep(0)  # thousands of rows imported in one request let /healthz in
            self._since = time.perf_counter()
        return result


def connector(path: str) -> Callable[[], aiosqlite.Connection]:
    """SQLAlchemy's `async_creator` for the SQLite file at `path`."""

    def connect() -> aiosqlite.Connection:
        return _Connection(lambda: sqlite3.connect(path, timeout=0, check_same_thread=False))

    return connect


class Checkpointer:
    """Copies the WAL of the SQLite file at `path` into the file once a second, on a thread of its
    own with a connection of its own, while the service's connection writes on.

    First PASSIVE, which takes no lock: the copy and its fsyncs, however long the disk takes.
    Then RESTART, which takes the write lock (the loop's writers wait for it asynchronously,
    `begin_immediate`) to copy what was committed meanwhile and to have the next commit write
    the WAL from its start; without it a WAL written to without pause is never restarted and
    grows by every page written. If the lock is not had within `CHECKPOINT_LOCK_WAIT_S` the
    RESTART is tried the next second. The thread waits in SQLite's C code, without the GIL."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"checkpoint {path}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        connection = sqlite3.connect(self._path, timeout=CHECKPOINT_LOCK_WAIT_S, check_same_thread=False)
        try:
            while not self._stop.wait(CHECKPOINT_EVERY_S):
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()
                except sqlite3.OperationalError:
                    continue  # another process's checkpoint, or its recovery: the next second
        finally:
            connection.close()

    def stop(self) -> None:
        """Stop after the checkpoint under way, if any (bounded: a stuck disk does not hold the
        engine's disposal, and the thread is a daemon)."""
        self._stop.set()
        self._thread.join(CHECKPOINT_STOP_WAIT_S)
