"""The identity provider's signing keys (JWKS), fetched off the event loop.

One fetch at a time, with a short timeout; the keys already held keep verifying tokens
while a fetch is under way. A token naming an unknown `kid` (a key the provider has
just rotated in) starts a fetch at most once a minute; keys older than five minutes are
refreshed in the background, so a key the provider withdrew stops verifying.
"""

import asyncio
import time
from typing import Any

import httpx
import jwt

from shared.errors import Unauthorized
from shared.telemetry import log

UNKNOWN_KID_REFETCH_S = 60.0
MAX_AGE_S = 300.0


class KeySet:
    """The keys of one JWKS URL, by `kid`."""

    def __init__(self, url: str, *, timeout_s: float) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self.keys: dict[str | None, Any] = {}
        self.fetched_at = float("-inf")  # when the last fetch began (monotonic)
        self.lock = asyncio.Lock()
        self.refreshing: asyncio.Task[None] | None = None

    async def key_for(self, kid: str | None) -> Any:
        """The public key for `kid` (the only key, when the token names none); 401 if unknown."""
        if self._age() > MAX_AGE_S and self.keys:
            self._refresh_in_background()
        key = self._held(kid)
        if key is None:
            async with self.lock:
                if self._held(kid) is None and self._age() >= UNKNOWN_KID_REFETCH_S:
                    await self._fetch()
            key = self._held(kid)
        if key is None:
            raise Unauthorized("令牌的签名密钥未知 (unknown signing key)")
        return key

    def _held(self, kid: str | None) -> Any:
        if kid is None and len(self.keys) == 1:
            return next(iter(self.keys.values()))
        return self.keys.get(kid) if kid is not None else None

    def _age(self) -> float:
        return time.monotonic() - self.fetched_at

    def _refresh_in_background(self) -> None:
        if self.lock.locked() or (self.refreshing is not None and not self.refreshing.done()):
            return

        async def refresh() -> None:
            async with self.lock:
                if self._age() > MAX_AGE_S:
                    await self._fetch()

        self.refreshing = asyncio.create_task(refresh(), name="jwks-refresh")

    async def _fetch(self) -> None:
        """Fetch the set; on failure keep the keys held (and say so in the log)."""
        self.fetched_at = time.monotonic()
        try:
            # made in a thread: a client loads its CA bundle, which takes the loop 100s of ms
            client = await asyncio.to_thread(
                httpx.AsyncClient, timeout=self.timeout_s, follow_redirects=False
            )
            async with client:
                answer = await client.get(self.url)
                answer.raise_for_status()
                found = jwt.PyJWKSet.from_dict(answer.json())
        except (httpx.HTTPError, ValueError, TypeError, AttributeError, jwt.PyJWTError) as exc:
            log.warning("jwks fetch failed", url=self.url, error=type(exc).__name__)
            return
        self.keys = {jwk.key_id: jwk.key for jwk in found.keys}
