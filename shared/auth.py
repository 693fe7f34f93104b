"""Callers and their tokens: HS256 with a local secret, or RS256 by the identity provider's JWKS.

Roles: `staff`, `leader`, `liaison` (a unit's information officer), `unit` (a subordinate
unit's system account), `auditor`, `admin`. Staff and leaders act for the office;
a liaison or unit account only for its own unit; classified records need clearance.
"""

import time
from typing import Annotated, Literal

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError

from shared.errors import Forbidden, Unauthorized

Clearance = Literal["none", "secret", "confidential", "top_secret"]
CLEARANCE_ORDER: dict[str, int] = {"none": 0, "secret": 1, "confidential": 2, "top_secret": 3}
OFFICE_ROLES = frozenset({"staff", "leader", "admin"})
UNIT_ROLES = frozenset({"liaison", "unit"})


class Caller(BaseModel):
    sub: str
    name: str = ""
    unit: str
    roles: frozenset[str] = frozenset()
    clearance: Clearance = "none"
    exp: float | None = None  # the token's expiry (seconds since the epoch): a live stream ends there

    def has(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def acts_for_office(self) -> bool:
        return self.has(*OFFICE_ROLES)

    def may_act_for(self, unit: str) -> bool:
        """Office staff act for any unit; everyone else for their own only."""
        return self.acts_for_office or self.unit == unit

    def cleared_for(self, classification: str) -> bool:
        return CLEARANCE_ORDER[self.clearance] >= CLEARANCE_ORDER[classification]

    def require(self, *roles: str) -> None:
        if not self.has(*roles):
            raise Forbidden(f"需要以下角色之一 (requires one of the roles): {', '.join(roles)}")


class TokenVerifier:
    """Verifies bearer tokens: HS256 with a shared secret, or RS256 by a JWKS URL."""

    def __init__(self, *, secret: str | None, jwks_url: str | None, audience: str | None) -> None:
        self.secret = secret
        self.audience = audience
        self.jwks = jwt.PyJWKClient(jwks_url, cache_keys=True) if jwks_url else None

    def verify(self, token: str) -> Caller:
        try:
            claims = self._decode(token)
            return Caller.model_validate(claims)
        except (jwt.PyJWTError, ValidationError) as exc:
            raise Unauthorized(f"令牌无效 (invalid token): {exc}") from exc

    def _decode(self, token: str) -> dict[str, object]:
        options: jwt.types.Options = {"require": ["sub", "exp"], "verify_aud": self.audience is not None}
        if self.jwks is not None:
            key = self.jwks.get_signing_key_from_jwt(token).key
            return jwt.decode(token, key, ["RS256"], audience=self.audience, options=options)
        assert self.secret is not None
        return jwt.decode(token, self.secret, ["HS256"], audience=self.audience, options=options)


def issue_token(
    *,
    secret: str,
    sub: str,
    unit: str,
    roles: list[str],
    clearance: str = "none",
    name: str | None = None,
    ttl_s: int = 12 * 3600,
) -> str:
    """Sign a local HS256 token (`office token`, tests)."""
    now = int(time.time())
    claims = {
        "sub": sub,
        "name": name or sub,
        "unit": unit,
        "roles": roles,
        "clearance": clearance,
        "iat": now,
        "exp": now + ttl_s,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


async def current_caller(request: Request) -> Caller:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("缺少令牌：请提供 Authorization: Bearer <JWT> (no bearer token)")
    verifier: TokenVerifier = request.app.state.verifier
    return verifier.verify(token.strip())


CurrentCaller = Annotated[Caller, Depends(current_caller)]


SESSION_COOKIE = "office_session"  # the dashboard's sign-in: the caller's token itself, HttpOnly


def session_token(request: Request) -> str | None:
    """The token a browser signed in with (the dashboard's cookie), if any."""
    token = request.cookies.get(SESSION_COOKIE)
    return token if token and len(token) <= 8192 else None


async def reading_caller(request: Request) -> Caller:
    """The caller of a read-only route a signed-in page calls: the bearer token, else the session cookie."""
    token = None if request.headers.get("authorization") else session_token(request)
    if token is None:
        return await current_caller(request)
    verifier: TokenVerifier = request.app.state.verifier
    return verifier.verify(token)


ReadingCaller = Annotated[Caller, Depends(reading_caller)]
