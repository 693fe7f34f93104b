"""The spine's slice: a registered document reaches the statistics, counted as the portal reads it."""

from typing import Any

from tests.support import eventually, token

STAFF = token(clearance="top_secret")  # registers a 绝密 document


def incoming(**overrides: Any) -> dict[str, Any]:
    body = {
        "title": "关于做好2022年政务信息工作的通知",
        "source_org": "省政府办公厅",
        "source_ref": "桂政办发〔2022〕1号",
        "channel": "oa",
        "classification": "none",
        "urgency": "normal",
        "received_at": "2022-03-01T09:00:00+08:00",
    }
    return {**body, **overrides}


async def received(stack: Any, year: int, unit: str | None = None) -> dict[str, Any]:
    params = {"unit": unit} if unit else {}
    answer = await stack.aggregate.get(f"/api/v1/stats/{year}", params=params, headers=STAFF)
    assert answer.status_code == 200, answer.text
    return answer.json()["docs"]["received"]  # type: ignore[no-any-return]


async def test_a_registered_document_is_counted_in_its_year(start_stack: Any) -> None:
    async with start_stack("docs", "aggregate") as stack:
        answer = await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)
        assert answer.status_code == 201, answer.text
        doc = answer.json()
        assert doc["status"] == "registered"
        assert doc["reg_no"] == "收〔2022〕1号"

        async def counted() -> bool:
            return bool((await received(stack, 2022))["total"]["value"] == 1)

        await eventually(counted)
        figures = await received(stack, 2022)
        assert figures["oa"] == {"value": 1, "prev": 0, "delta": 1, "delta_pct": None}
        assert figures["classified"]["value"] == 0


async def test_received_parts_add_up_and_compare_with_last_year(start_stack: Any) -> None:
    docs_2021 = [incoming(channel="oa", received_at="2021-05-01T10:00:00+08:00")] * 4
    docs_2022 = (
        [incoming(channel="oa")] * 3
        + [incoming(channel="intranet")] * 2
        + [incoming(channel="paper"), incoming(channel="email"), incoming(channel="courier")]
        + [
            incoming(channel="oa", classification="secret"),
            incoming(channel="paper", classification="top_secret"),
        ]
    )
    async with start_stack("docs", "aggregate") as stack:
        for body in docs_2021 + docs_2022:
            answer = await stack.docs.post("/api/v1/incoming", json=body, headers=STAFF)
            assert answer.status_code == 201, answer.text

        async def all_counted() -> bool:
            return bool((await received(stack, 2022))["total"]["value"] == 10)

        await eventually(all_counted)
        figures = await received(stack, 2022)
        assert figures["total"] == {"value": 10, "prev": 4, "delta": 6, "delta_pct": 150.0}
        assert figures["oa"]["value"] == 3
        assert figures["intranet"]["value"] == 2
        assert figures["paper_email"]["value"] == 3
        assert figures["classified"]["value"] == 2
        parts = sum(figures[p]["value"] for p in ("oa", "intranet", "paper_email", "classified"))
        assert parts == figures["total"]["value"]


async def test_the_year_is_the_offices_year_not_utc(start_stack: Any) -> None:
    # 2023-01-01 07:00 in the office is still 2022 in UTC: it counts in 2023.
    async with start_stack("docs", "aggregate") as stack:
        body = incoming(received_at="2023-01-01T07:00:00+08:00")
        assert (await stack.docs.post("/api/v1/incoming", json=body, headers=STAFF)).status_code == 201

        async def counted() -> bool:
            return bool((await received(stack, 2023))["total"]["value"] == 1)

        await eventually(counted)
        assert (await received(stack, 2022))["total"]["value"] == 0
