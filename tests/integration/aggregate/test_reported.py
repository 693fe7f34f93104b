"""Reported figures (填报数): entered by office staff, kept with who and when, replaced by a later
entry, projected from aggregate's own event into the report; bad callers and values refused."""

from typing import Any

from tests.support import eventually, token

STAFF = token(sub="clerk")
LIAISON = token(sub="nn", unit="NNCB", roles=("liaison",))
LEADER = token(sub="boss", roles=("leader",))
URL = "/api/v1/reported/2022"


async def report_value(stack: Any, n: int) -> Any:
    answer = await stack.aggregate.get("/api/v1/reports/annual/2022", headers=STAFF)
    return next(p for p in answer.json()["placeholders"] if p["n"] == n)


async def test_an_entry_is_kept_with_who_and_when_and_a_later_one_replaces_it(start_stack: Any) -> None:
    async with start_stack("aggregate") as stack:
        metrics = (await stack.aggregate.get("/api/v1/reported/metrics", headers=STAFF)).json()
        fees = next(m for m in metrics if m["metric"] == "party_fees.income")
        assert fees == {"metric": "party_fees.income", "name": "全年党费收入", "measure": "元",
                        "kind": "money", "per_unit": True}  # fmt: skip
        body = {"metric": "party_fees.income", "value": 35620.5, "unit": None, "note": "党费专户对账单"}
        first = await stack.aggregate.put(URL, json=body, headers=STAFF)
        assert first.status_code == 201, first.text
        assert (first.json()["value"], first.json()["entered_by"]) == ("35620.50", "clerk")
        again = await stack.aggregate.put(URL, json={**body, "value": "36000"}, headers=token(sub="chief"))
        assert again.status_code == 200

        year = (await stack.aggregate.get(URL, headers=LEADER)).json()
        assert [(i["metric"], i["value"], i["entered_by"]) for i in year["items"]] == [
            ("party_fees.income", "36000.00", "chief")
        ]
        assert year["items"][0]["entered_at"] and year["items"][0]["note"] == "党费专户对账单"
        one = await stack.aggregate.get(f"{URL}/party_fees.income", headers=STAFF)
        assert one.status_code == 200 and one.json()["value"] == "36000.00"

        async def projected() -> bool:
            return bool((await report_value(stack, 71))["value"] == 36000)

        await eventually(projected, within=20)
        placeholder = await report_value(stack, 71)
        assert placeholder["source"] == "reported" and "全年党费收入36000元" in placeholder["text"]
        assert (await report_value(stack, 72))["value"] is None
        assert "party_fees.spent" in (await report_value(stack, 72))["missing"]


async def test_bad_callers_and_bad_values_are_refused_and_change_nothing(start_stack: Any) -> None:
    async with start_stack("aggregate") as stack:
        body = {"metric": "party.activists", "value": 3, "unit": None, "note": None}
        assert (await stack.aggregate.put(URL, json=body)).status_code == 401
        assert (await stack.aggregate.get(URL)).status_code == 401
        assert (await stack.aggregate.get("/api/v1/reported/metrics")).status_code == 401
        for caller in (LIAISON, LEADER, token(sub="a", roles=("auditor",))):
            refused = await stack.aggregate.put(URL, json=body, headers=caller)
            assert refused.status_code == 403, refused.text
        assert (await stack.aggregate.get(URL, headers=LIAISON)).status_code == 403
        assert (await stack.aggregate.get(f"{URL}/party.activists")).status_code == 401
        assert (await stack.aggregate.get(f"{URL}/party.activists", headers=LIAISON)).status_code == 403
        unknown_unit = await stack.aggregate.get(
            f"{URL}/party.activists", params={"unit": "XX"}, headers=STAFF
        )
        assert unknown_unit.status_code == 422
        missing = await stack.aggregate.get(f"{URL}/party.activists", headers=STAFF)
        assert missing.status_code == 404 and "尚未填报" in missing.json()["detail"]
        bad = [
            {**body, "metric": "party.nonsense"},
            {**body, "value": 2.5},  # people are whole
            {**body, "value": -1},
            {**body, "value": "三"},
            {**body, "value": True},
            {**body, "metric": "party_fees.income", "value": "1.005"},  # yuan have two decimals
            {**body, "unit": "XX"},
            {**body, "metric": "approval.days", "unit": "NNCB"},  # the department's figure only
            {**body, "extra": 1},
            {**body, "note": "党费\x00"},
        ]
        for payload in bad:
            answer = await stack.aggregate.put(URL, json=payload, headers=STAFF)
            assert answer.status_code == 422, (payload, answer.text)
            assert answer.headers["content-type"].startswith("application/problem+json")
        assert (
            await stack.aggregate.put("/api/v1/reported/99999", json=body, headers=STAFF)
        ).status_code == 422
        assert (await stack.aggregate.get(f"{URL}/party.nonsense", headers=STAFF)).status_code == 422
        assert (await stack.aggregate.get(URL, headers=STAFF)).json()["items"] == []
