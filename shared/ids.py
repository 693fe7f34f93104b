"""Record ids: time-ordered (so lists page in creation order) and not guessable."""

import secrets
import time


def new_id() -> str:
    """26 hex-ish chars: 12 of milliseconds, 14 random."""
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(7)}"
