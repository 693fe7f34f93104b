"""Tokens a hostile or careless issuer might sign, against docs: refused with a 401 that repeats
none of their claims; the answers' security headers; stored idempotent answers expire."""

import asyncio
import time
from typing import Any

import jwt
from sqlalchemy import select

from shared.spine import IdempotencyKey
from tests.integration.test_incoming_slice import incoming
from tests.support import TEST_SECRET, eventually, token

ISSUER = "https://sso.example.internal/realms/office"


def signed(**claims: Any) -> dict[str, str]:
    now = int(time.time())
    base = {"sub": "alice", "unit": "GO", "roles": ["staff"], "clearance": "secret", "exp": now + 600}
    return {"Authorization": f"Bearer {jwt.encode({**base, **claims}, TEST_SECRET, algorithm='HS256')}"}


async def test_a_token_of_an_unknown_unit_or_without_a_user_is_refused(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        for headers, says in [
            (signed(unit="EVILUNIT"), "单位"),
            (signed(sub=""), "sub"),
            (signed(sub="   "), "sub"),
            (signed(clearance="EVILCLEARANCE"), "clearance"),
            (signed(exp=int(time.time()) + 30 * 24 * 3600), "有效期"),
        ]:
            answer = await stack.docs.get("/api/v1/incoming", headers=headers)
            assert answer.status_code == 401, headers
            assert answer.headers["content-type"] == "application/problem+json"
            assert says in answer.json()["detail"]
            assert "EVIL" not in answer.text, "a 401 repeats no claim"
        assert (await stack.docs.get("/api/v1/incoming", headers=signed())).status_code == 200


async def test_roles_the_suite_does_not_know_are_ignored(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        with_extra = await stack.docs.post(
            "/api/v1/incoming", json=incoming(), headers=signed(roles=["staff", "overlord"])
        )
        assert with_extra.status_code == 201
        only_unknown = await stack.docs.post(
            "/api/v1/incoming", json=incoming(), headers=signed(roles=["overlord"])
        )
        assert only_unknown.status_code == 403
        assert "overlord" not in only_unknown.text


async def test_with_an_issuer_set_a_token_must_carry_it(start_stack: Any) -> None:
    async with start_stack("docs", jwt_issuer=ISSUER) as stack:
        for headers in (signed(), signed(iss="https://elsewhere.example")):
            answer = await stack.docs.get("/api/v1/incoming", headers=headers)
            assert answer.status_code == 401
            assert "elsewhere" not in answer.text
        assert (await stack.docs.get("/api/v1/incoming", headers=signed(iss=ISSUER))).status_code == 200


async def test_every_answer_carries_the_security_headers(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        health = await stack.docs.get("/healthz")
        listed = await stack.docs.get("/api/v1/incoming", headers=token())
        refused = await stack.docs.get("/api/v1/incoming")
        for answer in (health, listed, refused):
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert answer.headers["referrer-policy"] == "no-referrer"
            assert "content-security-policy" not in answer.headers  # JSON, not a page
        assert listed.headers["cache-control"] == "no-store"
        assert "cache-control" not in health.headers
        docs_page = await stack.docs.get("/docs")
        assert docs_page.status_code == 200
        policy = docs_page.headers["content-security-policy"]
        assert "script-src https://cdn.jsdelivr.net 'sha256-" in policy and "'unsafe-inline'" not in policy
        assert (await stack.docs.get("/openapi.json")).status_code == 200  # open, as /docs


async def test_a_stored_idempotent_answer_expires(start_stack: Any) -> None:
    async with start_stack("docs", idempotency_ttl_s=1.0) as stack:
        key = {"Idempotency-Key": "first-try", **token()}
        first = await stack.docs.post("/api/v1/incoming", json=incoming(), headers=key)
        again = await stack.docs.post("/api/v1/incoming", json=incoming(), headers=key)
        assert again.headers.get("idempotent-replayed") == "true" and again.json() == first.json()
        forgotten = {"Idempotency-Key": "never-again", **token()}
        assert (
            await stack.docs.post("/api/v1/incoming", json=incoming(), headers=forgotten)
        ).status_code == 201
        await asyncio.sleep(1.2)
        later = await stack.docs.post("/api/v1/incoming", json=incoming(), headers=key)
        assert later.status_code == 201 and "idempotent-replayed" not in later.headers
        assert later.json()["id"] != first.json()["id"], "an expired key is a new request"

        async def removed() -> bool:
            async with stack.apps["docs"].state.factory() as session:
                kept = await session.scalars(select(IdempotencyKey.key))
                return list(kept) == ["first-try"]  # the one just stored again

        await eventually(removed, within=5)
