"""docs as its own process against a slow identity provider: a token with an unknown `kid`
fetches the JWKS off the event loop, once, while `/healthz` keeps answering."""

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from shared.auth import TokenVerifier
from shared.errors import Unauthorized
from shared.jwks import MAX_AGE_S, KeySet
from tests.integration.test_request_bodies import wait_ready
from tests.support import NatsServer, ServiceProcess

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PROVIDER_DELAY_S = 2.0


class SlowProvider:
    """A JWKS endpoint that takes PROVIDER_DELAY_S to answer, counting its fetches."""

    def __init__(self) -> None:
        jwk = json.loads(RSAAlgorithm.to_jwk(KEY.public_key()))
        body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()
        provider = self
        self.fetches = 0

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                provider.fetches += 1
                time.sleep(PROVIDER_DELAY_S)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/certs"


@pytest.fixture
def provider() -> Iterator[SlowProvider]:
    slow = SlowProvider()
    yield slow
    slow.server.shutdown()
    slow.server.server_close()


@pytest.fixture
def docs(provider: SlowProvider, nats_server: NatsServer, tmp_path: Path) -> Iterator[ServiceProcess]:
    service = ServiceProcess(
        "docs",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'docs.db'}",
        nats_url=nats_server.url,
        data_dir=tmp_path,
        OFFICE_JWKS_URL=provider.url,
        OFFICE_JWT_SECRET="",
    )
    service.start()
    wait_ready(service)
    yield service
    service.stop()


def bearer(kid: str) -> dict[str, str]:
    claims = {"sub": "alice", "unit": "GO", "roles": ["staff"], "exp": int(time.time()) + 600}
    return {"Authorization": f"Bearer {jwt.encode(claims, KEY, algorithm='RS256', headers={'kid': kid})}"}


def health_latencies(url: str, seconds: float) -> list[float]:
    latencies = []
    deadline = time.monotonic() + seconds
    with httpx.Client() as client:
        while time.monotonic() < deadline:
            started = time.monotonic()
            assert client.get(f"{url}/healthz").status_code == 200
            latencies.append(time.monotonic() - started)
            time.sleep(0.05)
    return latencies


def test_healthz_answers_while_a_token_with_an_unknown_kid_is_checked(
    docs: ServiceProcess, provider: SlowProvider
) -> None:
    with ThreadPoolExecutor(2) as pool:
        checked = pool.submit(httpx.get, f"{docs.url}/api/v1/incoming", headers=bearer("k1"), timeout=10)
        time.sleep(0.2)  # the check is waiting on the provider now
        latencies = health_latencies(docs.url, PROVIDER_DELAY_S - 0.5)
        assert checked.result().status_code == 200
    assert provider.fetches == 1
    assert max(latencies) < 0.1, f"/healthz waited {max(latencies):.2f}s"


def test_an_unknown_kid_fetches_the_keys_at_most_once_a_minute(
    docs: ServiceProcess, provider: SlowProvider
) -> None:
    assert httpx.get(f"{docs.url}/api/v1/incoming", headers=bearer("k1"), timeout=10).status_code == 200
    with ThreadPoolExecutor(4) as pool:
        unknown = list(
            pool.map(
                lambda _: httpx.get(f"{docs.url}/api/v1/incoming", headers=bearer("rotated"), timeout=10),
                range(4),
            )
        )
    assert [a.status_code for a in unknown] == [401] * 4
    assert all("签名密钥" in a.json()["detail"] for a in unknown)
    started = time.monotonic()
    known = httpx.get(f"{docs.url}/api/v1/incoming", headers=bearer("k1"), timeout=10)
    assert known.status_code == 200 and time.monotonic() - started < 0.5, "the held key served at once"
    assert provider.fetches == 1, "the first fetch was less than a minute ago"


async def test_the_held_keys_keep_serving_while_a_refresh_runs(provider: SlowProvider) -> None:
    keys = KeySet(provider.url, timeout_s=5)
    assert await keys.key_for("k1") is not None and provider.fetches == 1
    keys.fetched_at -= MAX_AGE_S + 1  # the set is old: the next use refreshes it in the background
    started = time.monotonic()
    assert await keys.key_for("k1") is not None
    assert time.monotonic() - started < 0.1, "the held key served at once"
    assert keys.refreshing is not None
    await keys.refreshing
    assert provider.fetches == 2


async def test_a_verified_token_ends_when_its_key_is_rotated_away(provider: SlowProvider) -> None:
    verifier = TokenVerifier(secret=None, jwks_url=provider.url, audience=None)
    token = bearer("k1")["Authorization"].removeprefix("Bearer ")
    assert (await verifier.verify(token)).sub == "alice"
    assert (await verifier.verify(token)).sub == "alice" and provider.fetches == 1, "from the cache"
    assert verifier.keys is not None
    verifier.keys.keys = {}  # the provider no longer publishes k1 (and was asked just now)
    verifier.keys.fetched_at = time.monotonic()
    with pytest.raises(Unauthorized):
        await verifier.verify(token)
