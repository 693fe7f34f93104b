"""Performance indicators: set by staff, summed by kind, at-risk ones named in the report."""

from typing import Any

import pytest

from tests.support import token

STAFF = token()
INDICATORS = [
    ("HQ-01", {"name": "政务信息工作", "kind": "basic", "points": 10, "self_score": 10, "completed": True}),
    ("HQ-02", {"name": "公文办理质量", "kind": "basic", "points": 8, "self_score": 6, "completed": True}),
    (
        "HQ-03",
        {"name": "数字政府建设", "kind": "aspirational", "points": 5, "self_score": 5, "completed": True},
    ),
    ("BONUS-1", {"name": "创建全国双拥模范城", "kind": "bonus", "points": 3, "self_score": 3}),
    ("MGT-01", {"name": "保密工作", "kind": "management", "points": 4, "self_score": 4, "completed": True}),
    ("MGT-02", {"name": "网络安全管理", "kind": "management", "points": 4, "self_score": 3, "at_risk": True}),
]


@pytest.fixture
async def aggregate(start_stack: Any) -> Any:
    async with start_stack("aggregate") as stack:
        yield stack


async def test_indicators_are_summed_by_kind_and_reported(aggregate: Any) -> None:
    for code, body in INDICATORS:
        answer = await aggregate.aggregate.put(f"/api/v1/indicators/2022/{code}", json=body, headers=STAFF)
        assert answer.status_code == 200, answer.text
    again = {**INDICATORS[1][1], "self_score": 7}
    assert (
        await aggregate.aggregate.put("/api/v1/indicators/2022/HQ-02", json=again, headers=STAFF)
    ).is_success

    summary = (await aggregate.aggregate.get("/api/v1/indicators/2022", headers=STAFF)).json()
    assert len(summary["items"]) == 6
    assert summary["by_kind"]["basic"] == {"count": 2, "points": 18, "completed": 2, "self_score": 17}
    assert summary["at_risk"] == ["网络安全管理"]

    report = (await aggregate.aggregate.get("/api/v1/reports/annual/2022", headers=STAFF)).json()
    placeholders = {p["n"]: p for p in report["placeholders"]}
    assert placeholders[42]["text"] == "一是高质量发展指标共3项（合计23分）。自评完成3项指标，得22分。"
    assert [placeholders[n]["value"] for n in (57, 58, 60)] == [1, 5, 5]
    assert placeholders[64]["value"] == "网络安全管理"
    assert "“网络安全管理”指标存在扣分风险" in placeholders[64]["text"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "kind": "basic", "points": 5, "self_score": 6}, "self_score"),
        ({"name": "", "kind": "basic", "points": 5}, "name"),
        ({"name": "x", "kind": "optional", "points": 5}, "kind"),
        ({"name": "x", "kind": "basic", "points": -1}, "points"),
    ],
)
async def test_bad_indicators_are_422_and_nothing_is_stored(
    aggregate: Any, body: dict[str, Any], field: str
) -> None:
    answer = await aggregate.aggregate.put("/api/v1/indicators/2022/HQ-01", json=body, headers=STAFF)
    assert answer.status_code == 422
    assert field in answer.text
    assert (await aggregate.aggregate.get("/api/v1/indicators/2022", headers=STAFF)).json()["items"] == []


async def test_only_office_staff_set_indicators(aggregate: Any) -> None:
    body = INDICATORS[0][1]
    liaison = token(sub="nn", unit="NNCB", roles=("liaison",))
    assert (
        await aggregate.aggregate.put("/api/v1/indicators/2022/X", json=body, headers=liaison)
    ).status_code == 403
    assert (await aggregate.aggregate.get("/api/v1/indicators/2022", headers=liaison)).status_code == 403
    assert (await aggregate.aggregate.put("/api/v1/indicators/2022/X", json=body)).status_code == 401
    bad_code = await aggregate.aggregate.put("/api/v1/indicators/2022/a%20b", json=body, headers=STAFF)
    assert bad_code.status_code == 422
