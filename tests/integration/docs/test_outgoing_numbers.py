"""Document numbers (发文字号): per issuer code and year of signing, gap-free under concurrent signing."""

import asyncio
from typing import Any

import pytest

from tests.integration.docs.support import LEADER, STAFF, act, approved
from tests.support import token

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def test_fifty_leaders_signing_at_once_get_one_to_fifty(docs: Any) -> None:
    ids = [(await approved(docs))["id"] for _ in range(50)]
    leaders = [token(sub=f"leader-{n}", roles=("leader",), clearance="top_secret") for n in range(50)]

    async def sign(doc_id: str, headers: dict[str, str]) -> Any:
        return await docs.docs.post(
            f"/api/v1/outgoing/{doc_id}/sign", json={"at": "2022-06-01T09:00:00+08:00"}, headers=headers
        )

    answers = await asyncio.gather(*(sign(i, h) for i, h in zip(ids, leaders, strict=True)))
    assert [a.status_code for a in answers] == [200] * 50, [a.text for a in answers if a.status_code != 200]
    numbers = sorted(
        int(a.json()["doc_no"].removeprefix("X厅办发〔2022〕").removesuffix("号")) for a in answers
    )
    assert numbers == list(range(1, 51))
    listed = (await docs.docs.get("/api/v1/outgoing?status=signed&limit=500", headers=STAFF)).json()
    assert len({d["doc_no"] for d in listed["items"]}) == 50


async def test_two_leaders_signing_one_document_at_once_leave_no_gap(docs: Any) -> None:
    doc = await approved(docs)
    others = [token(sub=f"leader-{n}", roles=("leader",), clearance="top_secret") for n in range(5)]
    answers = await asyncio.gather(
        *(docs.docs.post(f"/api/v1/outgoing/{doc['id']}/sign", json={}, headers=h) for h in others)
    )
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409, 409]
    assert doc_number(next(a.json() for a in answers if a.status_code == 200)) == 1
    following = await approved(docs)
    assert doc_number(await act(docs, following["id"], "sign", headers=LEADER)) == 2


def doc_number(doc: dict[str, Any]) -> int:
    return int(doc["doc_no"].split("〕")[1].removesuffix("号"))


async def test_numbers_run_per_issuer_code_and_restart_each_year(docs: Any) -> None:
    async def sign(issuer_code: str, at: str) -> str:
        doc = await approved(docs, issuer_code=issuer_code)
        return str((await act(docs, doc["id"], "sign", headers=LEADER, at=at))["doc_no"])

    assert await sign("X厅办发", "2021-12-31T23:30:00+08:00") == "X厅办发〔2021〕1号"
    assert await sign("X厅办发", "2021-12-31T23:50:00+08:00") == "X厅办发〔2021〕2号"
    # 2022-01-01 00:10 in the office's time zone is still 2021 in UTC: the office's year counts.
    assert await sign("X厅办发", "2022-01-01T00:10:00+08:00") == "X厅办发〔2022〕1号"
    assert await sign("X厅发", "2022-01-02T09:00:00+08:00") == "X厅发〔2022〕1号"
    assert await sign("X厅办发", "2022-01-03T09:00:00+08:00") == "X厅办发〔2022〕2号"
    assert await sign("X厅发", "2022-01-04T09:00:00+08:00") == "X厅发〔2022〕2号"
    assert await sign("X厅办发", "2021-06-01T09:00:00+08:00") == "X厅办发〔2021〕3号"
    signed_2021 = (await docs.docs.get("/api/v1/outgoing?year=2021", headers=STAFF)).json()["items"]
    assert len(signed_2021) == 3


async def test_outgoing_numbers_do_not_share_the_incoming_sequence(docs: Any) -> None:
    incoming = {
        "title": "来文",
        "source_org": "省政府办公厅",
        "channel": "oa",
        "received_at": "2022-03-01T09:00:00+08:00",
    }
    assert (await docs.docs.post("/api/v1/incoming", json=incoming, headers=STAFF)).status_code == 201
    doc = await approved(docs, issuer_code="incoming")
    signed = await act(docs, doc["id"], "sign", headers=LEADER, at="2022-03-02T09:00:00+08:00")
    assert signed["doc_no"] == "incoming〔2022〕1号"
