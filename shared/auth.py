"""Callers and their tokens: HS256 with a local secret, or RS256 by the identity provider's JWKS.

Roles: `staff`, `leader`, `liaison` (a unit's information officer), `unit` (a subordinate
unit's system account), `auditor`, `admin`. Staff and leaders act for the office;
a liaison or unit account only for its own unit; classified records need clearance.
A token is refused (401) when its `sub` is empty, its unit is not in the unit registry,
its `exp` lies further ahead than the longest lifetime allowed, or (with an issuer set)
its `iss` is another's; roles the suite does not know are ignored. A 401 never repeats
what the token claimed.
"""

import time
from typing import Annotated, Any, Literal

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from shared.envelope import Envelope
from shared.errors import Forbidden, Unauthorized
from shared.jwks import KeySet
from shared.units import UnitRegistry

Clearance = Literal["none", "secret", "confidential", "top_secret"]
CLEARANCE_ORDER: dict[str, int] = {"none": 0, "secret": 1, "confidential": 2, "top_secret": 3}
OFFICE_ROLES = frozenset({"staff", "leader", "admin"})
UNIT_ROLES = frozenset({"liaison", "unit"})
KNOWN_ROLES = OFFICE_ROLES | UNIT_ROLES | {"auditor"}
CALLER_SCOPE_KEY = "office.caller"
"""Where the request's verified caller is kept (the body guard may verify it before the route)."""


class Caller(BaseModel):
    model_config = ConfigDict(frozen=True)

    sub: str
    name: str = ""
    unit: str
    roles: frozenset[str] = frozenset()
    clearance: Clearance = "none"
    exp: float | None = None  # the token's expiry (seconds since the epoch): a live stream ends there

    @field_validator("roles")
    @classmethod
    def _known_roles_only(cls, roles: frozenset[str]) -> frozenset[str]:
        return roles & KNOWN_ROLES

    def has(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def acts_for_office(self) -> bool:
        return self.has(*OFFICE_ROLES)

    @property
    def sees_every_unit(self) -> bool:
        """The office and auditors read every unit's records: an auditor reads everything but acts
        for no unit besides its own (acting for any unit, `may_act_for`, is the office's alone)."""
        return self.acts_for_office or self.has("auditor")

    def may_act_for(self, unit: str) -> bool:
        """Office staff act for any unit; everyone else for their own only."""
        return self.acts_for_office or self.unit == unit

    def may_see(self, unit: str | None) -> bool:
        """Whether the caller may read `unit`'s records (None: every unit's): the office and
        auditors every unit's, everyone else their own."""
        return self.sees_every_unit or unit == self.unit

    def require_figures_of(self, unit: str | None) -> None:
        """Figures of one unit (None: every unit): the office and auditors see all, others their own."""
        if not self.may_see(unit):
            raise Forbidden(f"只能查看本单位的统计 (only your own unit's figures): 加上 ?unit={self.unit}")

    def cleared_for(self, classification: str) -> bool:
        return CLEARANCE_ORDER[self.clearance] >= CLEARANCE_ORDER[classification]

    def require(self, *roles: str) -> None:
        if not self.has(*roles):
            raise Forbidden(f"需要以下角色之一 (requires one of the roles): {', '.join(roles)}")


_REASONS: list[tuple[type[jwt.PyJWTError], str]] = [
    (jwt.ExpiredSignatureError, "令牌已过期 (token expired)"),
    (jwt.InvalidAudienceError, "令牌的受众不符 (wrong audience)"),
    (jwt.InvalidIssuerError, "令牌的签发方不符 (wrong issuer)"),
    (jwt.InvalidSignatureError, "令牌签名无效 (bad signature)"),
    (jwt.ImmatureSignatureError, "令牌尚未生效 (token not yet valid)"),
]


def _reason(exc: jwt.PyJWTError) -> str:
    """What was wrong with the token, in words of our own (never the token's values)."""
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return f"令牌缺少声明 (missing claim) {exc.claim}"
    return next((text for kind, text in _REASONS if isinstance(exc, kind)), "令牌无效 (invalid token)")


VERIFIED_CACHE_SIZE = 4096
"""Verified tokens kept (token → caller, until the token's `exp`): a signature is checked once."""


class TokenVerifier:
    """Verifies bearer tokens: HS256 with a shared secret, or RS256 by a JWKS URL."""

    def __init__(
        self,
        *,
        secret: str | None,
        jwks_url: str | None,
        audience: str | None,
        issuer: str | None = None,
        units: UnitRegistry | None = None,
        max_lifetime_s: int = 24 * 3600,
        jwks_timeout_s: float = 3.0,
    ) -> None:
        self.secret = secret
        self.audience = audience
        self.issuer = issuer
        self.units = units
        self.max_lifetime_s = max_lifetime_s
        self.keys = KeySet(jwks_url, timeout_s=jwks_timeout_s) if jwks_url else None
        self._verified: dict[str, tuple[Caller, float, Any]] = {}

    async def verify(self, token: str) -> Caller:
        """The caller a token names; a token verified before answers from the cache until its `exp`
        (and, with a JWKS, while its signing key is still published)."""
        known = self._verified.get(token)
        if known is not None and time.time() < known[1] and await self._still_signed(token, known[2]):
            return known[0]
        try:
            key = await self._key(token)
            claims = self._decode(token, key)
        except jwt.PyJWTError as exc:
            raise Unauthorized(_reason(exc)) from exc
        if int(claims["exp"]) - time.time() > self.max_lifetime_s:
            hours = self.max_lifetime_s / 3600
            raise Unauthorized(f"令牌有效期超过 {hours:g} 小时上限 (token lifetime over the limit)")
        caller = self._caller(claims)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()  # many distinct live tokens: start again rather than grow
        self._verified[token] = (caller, float(claims["exp"]), key)
        return caller

    async def _key(self, token: str) -> Any:
        if self.keys is None:
            assert self.secret is not None
            return self.secret
        return await self.keys.key_for(jwt.get_unverified_header(token).get("kid"))

    async def _still_signed(self, token: str, key: Any) -> bool:
        """A cached token's key is the one its `kid` names now (a key rotated away ends it)."""
        try:
            return self.keys is None or await self._key(token) is key
        except Unauthorized:
            return False

    def _decode(self, token: str, key: Any) -> dict[str, Any]:
        required = ["sub", "exp"] + (["iss"] if self.issuer else [])
        options: jwt.types.Options = {"require": required, "verify_aud": self.audience is not None}
        algorithms = ["RS256"] if self.keys is not None else ["HS256"]
        return jwt.decode(token, key, algorithms, audience=self.audience, issuer=self.issuer, options=options)

    def _caller(self, claims: dict[str, Any]) -> Caller:
        try:
            caller = Caller.model_validate(claims)
        except ValidationError as exc:
            fields = ", ".join(sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]}))
            raise Unauthorized(f"令牌声明有误 (invalid claims): {fields}") from exc
        if not caller.sub.strip():
            raise Unauthorized("令牌的用户标识为空 (empty sub)")
        if self.units is not None and caller.unit not in self.units:
            raise Unauthorized("令牌的单位不在单位名录中 (unit not in the registry)")
        return caller


def issue_token(
    *,
    secret: str,
    sub: str,
    unit: str,
    roles: list[str],
    clearance: str = "none",
    name: str | None = None,
    ttl_s: int = 12 * 3600,
    audience: str | None = None,
    issuer: str | None = None,
) -> str:
    """Sign a local HS256 token (`office token`, tests)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": sub,
        "name": name or sub,
        "unit": unit,
        "roles": roles,
        "clearance": clearance,
        "iat": now,
        "exp": now + ttl_s,
    }
    claims |= {k: v for k, v in (("aud", audience), ("iss", issuer)) if v}
    return jwt.encode(claims, secret, algorithm="HS256")


def bearer_token(headers: Any) -> str:
    """The bearer token of a request's headers, or a 401 saying how to send one."""
    scheme, _, token = str(headers.get("authorization", "")).partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("缺少令牌：请提供 Authorization: Bearer <JWT> (no bearer token)")
    return token.strip()


async def current_caller(request: Request) -> Caller:
    known: Caller | None = request.scope.get(CALLER_SCOPE_KEY)
    if known is not None:
        return known
    verifier: TokenVerifier = request.app.state.verifier
    caller = await verifier.verify(bearer_token(request.headers))
    request.scope[CALLER_SCOPE_KEY] = caller
    return caller


CurrentCaller = Annotated[Caller, Depends(current_caller)]


def actor_of(envelope: Envelope) -> Caller | None:
    """Who an event says acted (`actor`, `actorunit`, `actorroles`); None when it does not say."""
    if not envelope.actor or not envelope.actorunit:
        return None
    roles = frozenset((envelope.actorroles or "").split())
    return Caller(sub=envelope.actor, unit=envelope.actorunit, roles=roles)


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
    return await verifier.verify(token)


ReadingCaller = Annotated[Caller, Depends(reading_caller)]
