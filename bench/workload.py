"""What the bench sends: a registration body, the caller's token, reading the count, percentiles."""

import json
import math
from collections.abc import Sequence

from bench.processes import BENCH_SECRET
from bench.rawhttp import Pool
from shared.auth import issue_token

YEAR = 2022


def incoming_body() -> bytes:
    """One registration (收文登记), as the portal would send it; the same body every time is fine."""
    return json.dumps(
        {
            "title": "关于做好2022年政务信息工作的通知",
            "source_org": "省政府办公厅",
            "source_ref": "桂政办发〔2022〕1号",
            "channel": "oa",
            "received_at": f"{YEAR}-03-01T09:00:00+08:00",
        },
        ensure_ascii=False,
    ).encode()


def bearer() -> str:
    return issue_token(secret=BENCH_SECRET, sub="bench", unit="GO", roles=["staff"])


def json_headers() -> dict[str, str]:
    return {"Content-Type": "application/json", "Authorization": f"Bearer {bearer()}"}


async def received_total(pool: Pool, year: int = YEAR) -> int:
    """The aggregate's `docs.received.total` of the year, for the whole office."""
    stats = await pool.get_json(f"/api/v1/stats/{year}")
    return int(stats["docs"]["received"]["total"]["value"])


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (NaN when there are no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]
