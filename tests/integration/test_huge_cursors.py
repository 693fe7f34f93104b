"""A cursor that decodes to an integer past its key column's range is a 422 on every int-keyed list.

(It was a 500.) The rule is shared/pagination.py's, so every service gets it; here lists of three.
"""

from typing import Any

import pytest

from shared.pagination import encode_cursor
from tests.support import token

STAFF = token()
AUDITOR = token(sub="audit", unit="AUD", roles=("auditor",))
LIAISON = token(sub="liaison-nncb", unit="NNCB", roles=("liaison",), clearance="none")
BIGINT, INTEGER = 2**63, 2**31  # the columns' limits on PostgreSQL (SQLite's are wider)


@pytest.mark.parametrize(
    ("service", "path", "headers", "limit"),
    [
        ("notify", "/api/v1/inbox", LIAISON, BIGINT),
        ("notify", "/api/v1/webhooks", LIAISON, BIGINT),
        ("notify", "/api/v1/deliveries", LIAISON, BIGINT),
        ("docs", "/api/v1/audit", AUDITOR, INTEGER),
        ("infoscore", "/api/v1/assessments", STAFF, INTEGER),
    ],
)
async def test_a_cursor_past_the_key_column_is_422(
    start_stack: Any, service: str, path: str, headers: dict[str, str], limit: int
) -> None:
    async with start_stack(service) as stack:
        client = getattr(stack, service)
        for key in (limit, 10**19, -limit - 1, int("9" * 40)):
            answer = await client.get(path, params={"cursor": encode_cursor(key)}, headers=headers)
            assert answer.status_code == 422, (key, answer.text)
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["errors"][0]["field"] == "cursor"
        largest = await client.get(path, params={"cursor": encode_cursor(limit - 1)}, headers=headers)
        assert largest.status_code == 200, largest.text
        assert largest.json() == {"items": [], "next_cursor": None}
