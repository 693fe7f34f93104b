"""Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>`, sent as `X-Office-Signature: t=<ts>,v1=<hex>`.

A receiver recomputes the HMAC with the secret it was given at registration, compares in
constant time, and refuses a timestamp older than a few minutes (a replayed request).
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Office-Signature"
TOLERANCE_S = 300


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The header's value for this body at this time."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(
    secret: str, body: bytes, header: str, *, now: float | None = None, tolerance_s: int = TOLERANCE_S
) -> bool:
    """Whether the header signs this body with this secret, recently enough."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance_s:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
