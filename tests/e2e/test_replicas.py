"""Scaling out: two replicas of docs and two of aggregate on one PostgreSQL and one NATS.

The relays share the outbox without claiming a row twice, the aggregate replicas share
one durable consumer, and the figures come out exact.
"""

import asyncio
import functools
import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from shared.db import create_engine
from shared.spine import OutboxEvent
from tests.support import Databases, NatsServer, ServiceProcess, eventually, token

STAFF = token()
DOCUMENTS = 200

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="replicas share PostgreSQL"),
]


@pytest.fixture
async def replicas(nats_server: NatsServer, tmp_path: Path) -> AsyncIterator[dict[str, list[ServiceProcess]]]:
    databases = Databases("postgres", tmp_path)
    urls = {name: await databases.new(name) for name in ("docs", "aggregate")}
    started = {
        name: [
            ServiceProcess(name, database_url=urls[name], nats_url=nats_server.url, data_dir=tmp_path)
            for _ in range(2)
        ]
        for name in urls
    }
    try:
        for processes in started.values():
            for process in processes:
                process.start(timeout=120)
        yield started
    finally:
        for processes in started.values():
            for process in processes:
                process.stop()
        await databases.drop_all()


def body(n: int) -> dict[str, str]:
    return {
        "title": f"来文{n}",
        "source_org": "省政府办公厅",
        "channel": "oa",
        "received_at": "2022-05-01T09:00:00+08:00",
    }


@pytest.mark.timeout(300)
async def test_two_replicas_of_each_count_every_document_once(
    replicas: dict[str, list[ServiceProcess]],
) -> None:
    docs, aggregate = replicas["docs"], replicas["aggregate"]
    async with httpx.AsyncClient(headers=STAFF, timeout=30) as client:
        for process in docs + aggregate:
            await eventually(functools.partial(_healthy, client, process), within=120)
        for start in range(0, DOCUMENTS, 20):
            answers = await asyncio.gather(
                *(
                    client.post(f"{docs[n % 2].url}/api/v1/incoming", json=body(n))
                    for n in range(start, start + 20)
                )
            )
            assert all(a.status_code == 201 for a in answers), [
                a.text for a in answers if a.status_code != 201
            ]

        async def counted_by_both() -> bool:
            totals = [
                (await client.get(f"{p.url}/api/v1/stats/2022")).json()["docs"]["received"]["total"]["value"]
                for p in aggregate
            ]
            return totals == [DOCUMENTS, DOCUMENTS]

        await eventually(counted_by_both, within=60)
        numbers = {
            (await client.get(f"{docs[0].url}/api/v1/incoming", params={"limit": 500})).json()["items"][i][
                "reg_no"
            ]
            for i in range(DOCUMENTS)
        }
        assert len(numbers) == DOCUMENTS  # the registration numbers never collided
    engine = create_engine(docs[0].env["DOCS_DATABASE_URL"])
    try:
        async with engine.connect() as conn:
            claims = (await conn.execute(select(func.max(OutboxEvent.attempts), func.count()))).one()
    finally:
        await engine.dispose()
    assert tuple(claims) == (1, DOCUMENTS), "a row was claimed by both relays"


async def _healthy(client: httpx.AsyncClient, process: ServiceProcess) -> bool:
    try:
        return (await client.get(f"{process.url}/readyz")).status_code == 200
    except httpx.HTTPError:
        return False
