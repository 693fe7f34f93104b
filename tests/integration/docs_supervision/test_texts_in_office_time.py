"""The conflicts docs answers name dates as the office writes them (2022年3月15日)."""

from typing import Any

from tests.integration.test_incoming_slice import incoming
from tests.support import token

STAFF = token(clearance="top_secret")


async def test_urging_before_the_deadline_names_it_as_a_chinese_date(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        doc = (await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)).json()
        path = f"/api/v1/incoming/{doc['id']}"
        assignment = {"lead_unit": "NNCB", "due": "2022-03-15", "at": "2022-03-02T09:00:00+08:00"}
        assert (await stack.docs.post(f"{path}/assign", json=assignment, headers=STAFF)).status_code == 200
        early = await stack.docs.post(f"{path}/urge", json={"at": "2022-03-10T09:00:00+08:00"}, headers=STAFF)
    assert early.status_code == 409, early.text
    assert "尚未超过办理期限2022年3月15日" in early.json()["detail"]
