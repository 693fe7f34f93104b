"""Who looks at the dashboard: a gateway's Authorization header, else the session cookie of the sign-in form.

The cookie carries the caller's token itself (HttpOnly, SameSite=Strict, ending with the
token): it is verified like a bearer token on every request, so a forged or expired one
is refused and signs nobody in.
"""

import time

from fastapi import Request, Response

from shared.auth import SESSION_COOKIE, Caller, TokenVerifier, session_token
from shared.errors import Unauthorized


async def caller_of(request: Request) -> Caller | None:
    """The signed-in caller, or None (no session, or a token that does not verify)."""
    verifier: TokenVerifier = request.app.state.verifier
    header = request.headers.get("authorization", "")
    scheme, _, bearer = header.partition(" ")
    token = bearer.strip() if scheme.lower() == "bearer" and bearer.strip() else session_token(request)
    if token is None:
        return None
    try:
        return await verifier.verify(token)
    except Unauthorized:
        return None


async def sign_in(request: Request, response: Response, token: str) -> Caller:
    """Verifies the token and keeps it as the session cookie until the token expires."""
    verifier: TokenVerifier = request.app.state.verifier
    caller = await verifier.verify(token)
    lasts = int((caller.exp or time.time()) - time.time())
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max(lasts, 0),
        httponly=True,
        samesite="strict",
        secure=request.app.state.settings.dashboard_cookie_secure,
        path="/",
    )
    return caller


def sign_out(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
