"""SQLite through aiosqlite, with fewer trips to its thread.

aiosqlite runs every call on its connection's own thread, and SQLAlchemy's adapter makes up
to four a statement: open a cursor, execute, fetch, close. Each trip is a handoff between two
threads (with the GIL between them): a POST /incoming cost 37 voluntary context switches.
Opening and closing a cursor read and write no file, so here they run on the event loop's
thread; executing, fetching and committing (and SQLite's busy wait behind them) stay on
aiosqlite's. A POST then costs 19 switches and about a fifth less CPU (measured, README
"Speed"). The connection is used by one thread at a time (the pool lends it to one session),
which is what `check_same_thread=False` asks of its user.
"""

import sqlite3
from collections.abc import Callable

import aiosqlite
from aiosqlite.context import contextmanager


class _Cursor(aiosqlite.Cursor):
    async def close(self) -> None:
        self._cursor.close()  # finalizes its statement: no file is touched


class _Connection(aiosqlite.Connection):
    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._thread.daemon = True  # as SQLAlchemy makes aiosqlite's own: never holds up an exit

    @contextmanager
    async def cursor(self) -> aiosqlite.Cursor:
        return _Cursor(self, self._conn.cursor())


def connector(path: str, *, busy_timeout_s: float) -> Callable[[], aiosqlite.Connection]:
    """SQLAlchemy's `async_creator` for the SQLite file at `path`."""

    def connect() -> aiosqlite.Connection:
        return _Connection(lambda: sqlite3.connect(path, timeout=busy_timeout_s, check_same_thread=False))

    return connect
