"""Reading registered documents: numbering, visibility by unit and clearance, paging, idempotency."""

from typing import Any

import pytest

from tests.integration.test_incoming_slice import incoming
from tests.support import token

STAFF = token(clearance="top_secret")


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def register(stack: Any, headers: dict[str, str] = STAFF, **fields: Any) -> dict[str, Any]:
    answer = await stack.docs.post("/api/v1/incoming", json=incoming(**fields), headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def test_registration_numbers_run_per_year_and_restart_at_one(docs: Any) -> None:
    numbers = [
        (await register(docs, received_at=when))["reg_no"]
        for when in (
            "2021-12-31T23:00:00+08:00",
            "2022-01-01T08:00:00+08:00",
            "2022-02-01T08:00:00+08:00",
            "2021-06-01T08:00:00+08:00",
        )
    ]
    assert numbers == ["收〔2021〕1号", "收〔2022〕1号", "收〔2022〕2号", "收〔2021〕2号"]


async def test_a_repeated_idempotency_key_answers_the_first_document(docs: Any) -> None:
    headers = {**STAFF, "Idempotency-Key": "reg-0001"}
    first = await docs.docs.post("/api/v1/incoming", json=incoming(), headers=headers)
    again = await docs.docs.post("/api/v1/incoming", json=incoming(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    listed = await docs.docs.get("/api/v1/incoming", headers=STAFF)
    assert [d["id"] for d in listed.json()["items"]] == [first.json()["id"]]


async def test_a_unit_sees_only_its_own_documents(docs: Any) -> None:
    ours = await register(docs, unit="NNCB")
    await register(docs, unit="LZCB")
    nanning = token(sub="nn", unit="NNCB", roles=("liaison",))
    listed = await docs.docs.get("/api/v1/incoming", headers=nanning)
    assert [d["id"] for d in listed.json()["items"]] == [ours["id"]]
    theirs = (await docs.docs.get("/api/v1/incoming", params={"unit": "LZCB"}, headers=STAFF)).json()
    hidden = await docs.docs.get(f"/api/v1/incoming/{theirs['items'][0]['id']}", headers=nanning)
    assert hidden.status_code == 404


async def test_a_classified_document_is_invisible_without_clearance(docs: Any) -> None:
    secret = await register(docs, classification="confidential")
    await register(docs)
    cleared_for_secret_only = token(sub="bob", clearance="secret")
    listed = await docs.docs.get("/api/v1/incoming", headers=cleared_for_secret_only)
    assert secret["id"] not in [d["id"] for d in listed.json()["items"]]
    assert len(listed.json()["items"]) == 1
    direct = await docs.docs.get(f"/api/v1/incoming/{secret['id']}", headers=cleared_for_secret_only)
    assert direct.status_code == 404
    seen = await docs.docs.get(f"/api/v1/incoming/{secret['id']}", headers=STAFF)
    assert seen.json()["classification"] == "confidential"


async def test_lists_page_with_a_cursor_in_registration_order(docs: Any) -> None:
    ids = [(await register(docs))["id"] for _ in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await docs.docs.get("/api/v1/incoming", params=params, headers=STAFF)).json()
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"year": "x"}, {"channel": "fax"}])
async def test_bad_list_parameters_are_422(docs: Any, params: dict[str, Any]) -> None:
    answer = await docs.docs.get("/api/v1/incoming", params=params, headers=STAFF)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"


async def test_units_are_listed_from_the_registry(docs: Any) -> None:
    units = (await docs.docs.get("/api/v1/units")).json()["items"]
    codes = {u["code"]: u for u in units}
    assert codes["GO"]["name"] == "办公室"
    kinds = {u["kind"] for u in units}
    assert kinds == {"division", "affiliated", "city_bureau"}
    assert sum(u["kind"] == "city_bureau" for u in units) >= 12
