"""A liaison sees its own unit's figures and no other's, as in the aggregate."""

from typing import Any

import pytest

from tests.integration.infoscore.helpers import RULES_2022, STAFF, adoption, liaison, set_rules, submit
from tests.support import token


@pytest.fixture
async def scored(infoscore: Any) -> Any:
    """FIN with one adopted submission and a party target: figures a liaison of NNCB must not read."""
    await set_rules(infoscore, 2022, RULES_2022)
    body = {"submissions": 12, "adoptions": 12, "points": 12, "party": 4}
    assert (
        await infoscore.infoscore.put("/api/v1/targets/2022/FIN", json=body, headers=STAFF)
    ).status_code == 200
    item = await submit(infoscore, unit="FIN", category="party")
    adopted = await infoscore.infoscore.post(
        f"/api/v1/submissions/{item['id']}/adoptions", json=adoption(), headers=STAFF
    )
    assert adopted.status_code == 201, adopted.text
    return infoscore


@pytest.mark.parametrize(
    "url", ["/api/v1/rankings?year=2022", "/api/v1/party-info/2022?unit=FIN", "/api/v1/party-info/2022"]
)
async def test_a_liaison_gets_403_for_other_units_figures(scored: Any, url: str) -> None:
    answer = await scored.infoscore.get(url, headers=liaison("NNCB"))
    assert answer.status_code == 403, answer.text
    assert "FIN" not in answer.text


async def test_a_liaison_reads_its_own_party_figures_and_the_office_and_auditors_every_unit(
    scored: Any,
) -> None:
    own = await scored.infoscore.get("/api/v1/party-info/2022?unit=FIN", headers=liaison("FIN"))
    assert (own.json()["target"], own.json()["done"]) == (4, 1)
    for caller in (STAFF, token(sub="audit", roles=("auditor",))):
        ranked = await scored.infoscore.get("/api/v1/rankings?year=2022", headers=caller)
        assert ranked.status_code == 200
        assert ranked.json()["items"][0]["unit"] == "FIN"
