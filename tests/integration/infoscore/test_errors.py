"""Wrong callers and bad input: a clear problem naming the field, and nothing stored."""

from typing import Any

import pytest
from sqlalchemy import func, select

from services.infoscore.models import Submission
from shared.spine import OutboxEvent
from tests.integration.infoscore.helpers import (
    RULES_2022,
    STAFF,
    adoption,
    liaison,
    set_rules,
    submission,
    submit,
)
from tests.support import token

PROBLEM = "application/problem+json"

BAD_SUBMISSIONS = [
    ("title", ""),
    ("title", "信" * 201),
    ("title", None),
    ("title", "标题\x00"),
    ("category", "secret"),
    ("unit", "XXCB"),
    ("submitted_at", "2022-03-01T09:00:00"),
    ("submitted_at", "2999-01-01T00:00:00+08:00"),
    ("submitted_at", "0001-01-01T00:00:00+08:00"),
    ("at", "soon"),
    ("surprise", 1),
]
BAD_ADOPTIONS = [
    ("level", "county"),
    ("outlet", ""),
    ("adopted_at", "2022-02-01T09:00:00+08:00"),  # before it was submitted
    ("adopted_at", "yesterday"),
    ("instruction", "maybe"),
]


async def stored(stack: Any, model: Any = Submission) -> tuple[int, int]:
    async with stack.apps["infoscore"].state.factory() as session:
        rows = await session.scalar(select(func.count()).select_from(model))
        events = await session.scalar(select(func.count()).select_from(OutboxEvent))
    return int(rows or 0), int(events or 0)


def problem_fields(answer: Any) -> list[str]:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    return [e["field"] for e in answer.json()["errors"]]


@pytest.mark.parametrize(("field", "value"), BAD_SUBMISSIONS)
async def test_a_bad_submission_names_the_field_and_stores_nothing(
    infoscore: Any, field: str, value: Any
) -> None:
    answer = await infoscore.infoscore.post(
        "/api/v1/submissions", json=submission(**{field: value}), headers=STAFF
    )
    assert field in problem_fields(answer)
    assert await stored(infoscore) == (0, 0)


@pytest.mark.parametrize(("field", "value"), BAD_ADOPTIONS)
async def test_a_bad_adoption_names_the_field_and_stores_nothing(
    infoscore: Any, field: str, value: Any
) -> None:
    from services.infoscore.models import Adoption

    await set_rules(infoscore, 2022, RULES_2022)
    item = await submit(infoscore)
    before = await stored(infoscore, Adoption)
    url = f"/api/v1/submissions/{item['id']}/adoptions"
    answer = await infoscore.infoscore.post(url, json=adoption(**{field: value}), headers=STAFF)
    assert field in problem_fields(answer)
    assert await stored(infoscore, Adoption) == before == (0, 2)


async def test_a_liaison_submits_for_their_own_unit_only(infoscore: Any) -> None:
    answer = await infoscore.infoscore.post(
        "/api/v1/submissions", json=submission(unit="LZCB"), headers=liaison("NNCB")
    )
    assert answer.status_code == 403
    assert answer.headers["content-type"] == PROBLEM
    assert await stored(infoscore) == (0, 0)
    own = await submit(infoscore, headers=liaison("NNCB"), unit="NNCB")
    assert own["unit"] == "NNCB" and own["submitted_by"] == "liaison-nncb"
    listed = await infoscore.infoscore.get("/api/v1/submissions", headers=liaison("LZCB"))
    assert listed.json()["items"] == []


async def test_a_liaison_cannot_record_an_adoption(infoscore: Any) -> None:
    await set_rules(infoscore, 2022, RULES_2022)
    item = await submit(infoscore, headers=liaison("NNCB"), unit="NNCB")
    url = f"/api/v1/submissions/{item['id']}/adoptions"
    answer = await infoscore.infoscore.post(url, json=adoption(), headers=liaison("NNCB"))
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", "/api/v1/submissions"),
        ("GET", "/api/v1/rankings?year=2022"),
        ("PUT", "/api/v1/scoring-rules/2022"),
        ("POST", "/api/v1/notices"),
        ("POST", "/api/v1/disclosures"),
    ],
)
async def test_without_a_token_it_is_401(infoscore: Any, method: str, url: str) -> None:
    answer = await infoscore.infoscore.request(method, url, json=submission())
    assert answer.status_code == 401
    assert answer.headers["content-type"] == PROBLEM
    assert await stored(infoscore) == (0, 0)


async def test_an_auditor_reads_but_cannot_submit(infoscore: Any) -> None:
    auditor = token(sub="audit", roles=("auditor",))
    assert (
        await infoscore.infoscore.post("/api/v1/submissions", json=submission(), headers=auditor)
    ).status_code == 403
    assert (await infoscore.infoscore.get("/api/v1/submissions", headers=auditor)).status_code == 200
