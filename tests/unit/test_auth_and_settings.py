"""Tokens as the department's identity provider issues them (RS256 by JWKS) and as the local
default signs them (HS256), and the production guard on secrets."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from pydantic import ValidationError

from services.docs.settings import DocsSettings
from shared.auth import Caller, TokenVerifier, issue_token
from shared.db import create_engine
from shared.errors import Unauthorized
from shared.pool import InTurnPool
from shared.settings import local_secret

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
CLAIMS = {"sub": "alice", "name": "Alice", "unit": "GO", "roles": ["staff"], "clearance": "secret"}


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    jwk = json.loads(RSAAlgorithm.to_jwk(KEY.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/jwks.json"
    server.shutdown()
    server.server_close()


def rs256(key: rsa.RSAPrivateKey, **extra: object) -> str:
    claims = {**CLAIMS, "exp": int(time.time()) + 600, **extra}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


async def test_an_identity_provider_token_is_verified_by_its_jwks(jwks_url: str) -> None:
    verifier = TokenVerifier(secret=None, jwks_url=jwks_url, audience="office")
    signed = rs256(KEY, aud="office")
    caller = await verifier.verify(signed)
    assert caller == Caller(
        sub="alice",
        name="Alice",
        unit="GO",
        roles=frozenset({"staff"}),
        clearance="secret",
        exp=jwt.decode(signed, options={"verify_signature": False})["exp"],
    )


@pytest.mark.parametrize(
    "token_of",
    [
        lambda: rs256(OTHER_KEY, aud="office"),
        lambda: rs256(KEY, aud="elsewhere"),
        lambda: rs256(KEY, aud="office", exp=int(time.time()) - 10),
        lambda: issue_token(secret="s" * 40, sub="alice", unit="GO", roles=["admin"]),
    ],
    ids=["wrong key", "wrong audience", "expired", "hs256 where rs256 is expected"],
)
async def test_a_token_the_identity_provider_did_not_issue_is_refused(
    jwks_url: str, token_of: object
) -> None:
    verifier = TokenVerifier(secret=None, jwks_url=jwks_url, audience="office")
    with pytest.raises(Unauthorized):
        await verifier.verify(token_of())  # type: ignore[operator]


async def test_a_local_token_carries_roles_unit_and_clearance() -> None:
    verifier = TokenVerifier(secret="s" * 40, jwks_url=None, audience=None)
    token = issue_token(secret="s" * 40, sub="bob", unit="NNCB", roles=["liaison", "unit"], clearance="none")
    caller = await verifier.verify(token)
    assert caller.roles == {"liaison", "unit"}
    assert caller.may_act_for("NNCB") and not caller.may_act_for("LZCB")
    assert not caller.cleared_for("secret") and caller.cleared_for("none")


@pytest.mark.parametrize(
    ("roles", "sees_every_unit", "acts_for_another"),
    [(("staff",), True, True), (("auditor",), True, False), (("liaison",), False, False)],
)
def test_auditors_read_every_unit_and_act_for_none(
    roles: tuple[str, ...], sees_every_unit: bool, acts_for_another: bool
) -> None:
    caller = Caller(sub="x", unit="NNCB", roles=frozenset(roles))
    assert caller.sees_every_unit is sees_every_unit
    assert caller.may_see("LZCB") is caller.may_see(None) is sees_every_unit and caller.may_see("NNCB")
    assert caller.may_act_for("LZCB") is acts_for_another


PRODUCTION = {
    "OFFICE_ENV": "production",
    "OFFICE_JWKS_URL": "https://idp.example/jwks.json",
    "OFFICE_JWT_AUDIENCE": "office",
    "OFFICE_JWT_ISSUER": "https://idp.example/realms/office",
    "DOCS_DATABASE_URL": "postgresql+asyncpg://docs@db/docs",
}


def test_production_refuses_to_run_on_the_generated_local_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("OFFICE_JWT_SECRET", raising=False)
    assert DocsSettings().signing_secret is None
    monkeypatch.delenv("OFFICE_JWKS_URL")
    with pytest.raises(ValidationError, match="set OFFICE_JWKS_URL"):
        DocsSettings()


@pytest.mark.parametrize(
    ("changed", "says"),
    [
        ({"OFFICE_JWKS_URL": "", "OFFICE_JWT_SECRET": "x"}, "OFFICE_JWT_SECRET must be at least 32"),
        ({"OFFICE_JWKS_URL": "", "OFFICE_JWT_SECRET": "短" * 10}, "OFFICE_JWT_SECRET must be at least 32"),
        ({"OFFICE_JWKS_URL": "http://idp.example/jwks.json"}, "OFFICE_JWKS_URL must be an https:// URL"),
        ({"OFFICE_JWT_AUDIENCE": ""}, "set OFFICE_JWT_AUDIENCE"),
        ({"OFFICE_JWT_ISSUER": ""}, "set OFFICE_JWT_ISSUER"),
        ({"DOCS_DATABASE_URL": ""}, "set DOCS_DATABASE_URL to PostgreSQL"),
        ({"DOCS_DATABASE_URL": "sqlite+aiosqlite:////data/docs.db"}, "set DOCS_DATABASE_URL to PostgreSQL"),
    ],
    ids=["1-byte secret", "30-byte secret", "http jwks", "no audience", "no issuer", "no database", "sqlite"],
)
def test_production_refuses_weak_settings_saying_what_to_set(
    monkeypatch: pytest.MonkeyPatch, changed: dict[str, str], says: str
) -> None:
    for name, value in {**PRODUCTION, **changed}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=says):
        DocsSettings()


def test_production_takes_a_long_secret_in_place_of_a_jwks_url(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {**PRODUCTION, "OFFICE_JWKS_URL": "", "OFFICE_JWT_SECRET": "s" * 32}.items():
        monkeypatch.setenv(name, value)
    assert DocsSettings().signing_secret == "s" * 32


def test_settings_take_the_service_prefix_and_the_suite_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCS_DATABASE_URL", "postgresql+asyncpg://office@db/docs")
    monkeypatch.setenv("DOCS_PORT", "9101")
    monkeypatch.setenv("NATS_URL", "nats://bus:4222")
    settings = DocsSettings()
    assert (settings.db_url, settings.port, settings.nats_url) == (
        "postgresql+asyncpg://office@db/docs",
        9101,
        "nats://bus:4222",
    )


def test_the_local_secret_is_made_once_and_kept(tmp_path: Path) -> None:
    first = local_secret(tmp_path)
    assert len(first) >= 32
    assert local_secret(tmp_path) == first
    assert (tmp_path / "local-jwt-secret").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("size", ["0", "201", "ten"])
def test_a_database_pool_size_out_of_bounds_is_refused(monkeypatch: pytest.MonkeyPatch, size: str) -> None:
    monkeypatch.setenv("OFFICE_DB_POOL_SIZE", size)
    with pytest.raises(ValidationError, match="OFFICE_DB_POOL_SIZE"):
        DocsSettings()


async def test_a_postgresql_engine_has_a_pool_of_the_size_asked_and_no_overflow() -> None:
    engine = create_engine("postgresql+asyncpg://office@db/docs", pool_size=7)
    try:
        assert isinstance(engine.pool, InTurnPool)
        assert (engine.pool.size(), engine.pool._max_overflow) == (7, 0)
    finally:
        await engine.dispose()
