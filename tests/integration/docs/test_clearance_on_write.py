"""Nobody writes a classification above their own clearance, on incoming as on outgoing."""

from typing import Any

import pytest

from tests.integration.docs.support import PROBLEM, outgoing
from tests.integration.test_incoming_slice import incoming
from tests.support import token

UNCLEARED_LIAISON = token(sub="nn", unit="NNCB", roles=("liaison",), clearance="none")
SECRET_STAFF = token(sub="bob", clearance="secret")
OFFICE = token(clearance="top_secret")


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


@pytest.mark.parametrize(
    ("headers", "classification"),
    [(UNCLEARED_LIAISON, "top_secret"), (UNCLEARED_LIAISON, "secret"), (SECRET_STAFF, "confidential")],
    ids=["liaison top_secret", "liaison secret", "staff confidential"],
)
async def test_registering_above_ones_clearance_is_403_and_stores_nothing(
    docs: Any, headers: dict[str, str], classification: str
) -> None:
    body = incoming(classification=classification, unit="NNCB")
    answer = await docs.docs.post("/api/v1/incoming", json=body, headers=headers)
    assert answer.status_code == 403, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert "涉密等级" in answer.json()["detail"]
    listed = await docs.docs.get("/api/v1/incoming", headers=OFFICE)
    assert listed.json()["items"] == []


async def test_registering_within_ones_clearance_still_works(docs: Any) -> None:
    own = await docs.docs.post(
        "/api/v1/incoming", json=incoming(classification="secret"), headers=SECRET_STAFF
    )
    assert own.status_code == 201, own.text
    plain = await docs.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=UNCLEARED_LIAISON)
    assert plain.status_code == 201, plain.text
    listed = await docs.docs.get("/api/v1/incoming", headers=OFFICE)
    assert [d["classification"] for d in listed.json()["items"]] == ["secret", "none"]


async def test_drafting_above_ones_clearance_answers_the_same_rule(docs: Any) -> None:
    body = outgoing(classification="confidential", secrecy_period="1年")
    answer = await docs.docs.post("/api/v1/outgoing", json=body, headers=SECRET_STAFF)
    assert answer.status_code == 403
    assert "涉密等级" in answer.json()["detail"]
