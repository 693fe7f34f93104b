"""Bad input and wrong callers on POST /api/v1/incoming: a clear problem, nothing stored."""

from typing import Any

import pytest
from sqlalchemy import func, select

from shared.spine import OutboxEvent
from tests.integration.test_incoming_slice import incoming
from tests.support import token

STAFF = token()
PROBLEM = "application/problem+json"

BAD_FIELDS = [
    ("title", ""),
    ("title", "   "),
    ("title", "标" * 201),
    ("title", None),
    ("title", "关于\x01通知"),  # a control character: no spreadsheet of the ledger could hold it
    ("source_org", ""),
    ("source_org", 42),
    ("source_ref", "号" * 101),
    ("source_ref", "桂\x00办"),
    ("channel", "fax"),
    ("channel", None),
    ("classification", "restricted"),
    ("urgency", "whenever"),
    ("received_at", "2022-03-01T09:00:00"),  # no offset
    ("received_at", "yesterday"),
    ("received_at", "2999-01-01T00:00:00+08:00"),  # in the future
    ("unit", "XXCB"),  # not in the registry
    ("at", "not-a-time"),
    ("surprise", "an unknown field"),
]


async def stored(stack: Any) -> tuple[int, int]:
    answer = await stack.docs.get("/api/v1/incoming", headers=STAFF)
    async with stack.apps["docs"].state.factory() as session:
        events = await session.scalar(select(func.count()).select_from(OutboxEvent))
    return len(answer.json()["items"]), int(events or 0)


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS)
async def test_each_bad_field_is_named_and_nothing_is_stored(docs: Any, field: str, value: Any) -> None:
    answer = await docs.docs.post("/api/v1/incoming", json=incoming(**{field: value}), headers=STAFF)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    assert problem["status"] == 422
    assert field in [e["field"] for e in problem["errors"]], problem
    assert await stored(docs) == (0, 0)


async def test_a_missing_field_is_named(docs: Any) -> None:
    body = incoming()
    del body["source_org"]
    answer = await docs.docs.post("/api/v1/incoming", json=body, headers=STAFF)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["source_org"]


async def test_a_body_that_is_not_json_is_422(docs: Any) -> None:
    answer = await docs.docs.post(
        "/api/v1/incoming", content=b"{not json", headers={**STAFF, "Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": "Basic YWxpY2U6c2VjcmV0"}],
    ids=["no token", "garbage token", "wrong scheme"],
)
async def test_without_a_valid_token_it_is_401(docs: Any, headers: dict[str, str]) -> None:
    answer = await docs.docs.post("/api/v1/incoming", json=incoming(), headers=headers)
    assert answer.status_code == 401
    assert answer.headers["content-type"] == PROBLEM
    assert answer.headers["www-authenticate"] == "Bearer"
    assert await stored(docs) == (0, 0)


async def test_a_token_signed_with_another_secret_is_401(docs: Any) -> None:
    from shared.auth import issue_token

    forged = issue_token(secret="x" * 40, sub="mallory", unit="GO", roles=["admin"])
    answer = await docs.docs.post(
        "/api/v1/incoming", json=incoming(), headers={"Authorization": f"Bearer {forged}"}
    )
    assert answer.status_code == 401


async def test_a_unit_account_cannot_register_for_another_unit(docs: Any) -> None:
    nanning = token(sub="nn-system", unit="NNCB", roles=("unit",))
    answer = await docs.docs.post("/api/v1/incoming", json=incoming(unit="LZCB"), headers=nanning)
    assert answer.status_code == 403
    assert answer.headers["content-type"] == PROBLEM
    assert await stored(docs) == (0, 0)
    own = await docs.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=nanning)
    assert own.status_code == 201
    assert own.json()["unit"] == "NNCB"


async def test_an_auditor_cannot_register(docs: Any) -> None:
    auditor = token(sub="audit", roles=("auditor",))
    answer = await docs.docs.post("/api/v1/incoming", json=incoming(), headers=auditor)
    assert answer.status_code == 403
    assert await stored(docs) == (0, 0)
