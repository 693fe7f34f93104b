"""PostgreSQL connections the server dropped: an idle one is replaced before it is used; one lost
while in use fails its request with a 503 that changed nothing, and the next request works."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared import db
from shared.errors import PROBLEM, install_problem_handlers
from tests.support import Databases, _admin

BACKEND_PID = text("SELECT pg_backend_pid()")


@pytest.fixture
async def engine(backend: str, databases: Databases) -> AsyncIterator[AsyncEngine]:
    if backend == "sqlite":
        pytest.skip("PostgreSQL's pool: SQLite's one connection is a file, never dropped")
    engine = db.create_engine(await databases.new("lost"), pool_size=1)
    yield engine
    await engine.dispose()


async def pooled_connection_dropped(engine: AsyncEngine) -> int:
    """The server ends the pool's one connection while it is idle in the pool; answers its pid."""
    async with engine.connect() as conn:
        pid = (await conn.execute(BACKEND_PID)).scalar_one()
    async with _admin() as admin:
        await admin.execute("SELECT pg_terminate_backend($1)", pid)
    return int(pid)


async def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped = await pooled_connection_dropped(engine)
    monkeypatch.setattr(db, "IDLE_PING_S", 0.0)  # it has been idle long enough to be pinged
    async with engine.connect() as conn:
        assert (await conn.execute(BACKEND_PID)).scalar_one() != dropped


def app_on(engine: AsyncEngine) -> httpx.AsyncClient:
    """A client of an app with the suite's problem handlers, whose route runs `?sql=`."""
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/run")
    async def run(sql: str) -> int:
        async with engine.connect() as conn:
            return int((await conn.execute(text(sql))).scalar_one())

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://t")


async def test_a_connection_lost_in_use_answers_503_and_the_next_request_works(engine: AsyncEngine) -> None:
    dropped = await pooled_connection_dropped(engine)  # in steady use: not pinged
    async with app_on(engine) as client:
        lost = await client.get("/run", params={"sql": str(BACKEND_PID)})
        again = await client.get("/run", params={"sql": str(BACKEND_PID)})
    assert lost.status_code == 503, lost.text
    assert lost.headers["content-type"] == PROBLEM and lost.headers["retry-after"] == "1"
    assert "数据库连接中断" in lost.json()["detail"]
    assert again.status_code == 200 and again.json() != dropped


async def test_any_other_database_error_stays_a_500(engine: AsyncEngine) -> None:
    async with app_on(engine) as client:
        failed = await client.get("/run", params={"sql": "SELECT count(*) FROM no_such_table"})
    assert failed.status_code == 500 and failed.headers["content-type"] == PROBLEM
