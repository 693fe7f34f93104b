"""Every answer writes a moment in ISO 8601 with the office's offset: the record a POST
answers and the same record read back by GET (from the database, stored as UTC) say
the same string, `+08:00`, whatever offset the request gave."""

import re
from typing import Any

from tests.integration.infoscore.helpers import submission
from tests.integration.meetings.helpers import meeting
from tests.integration.test_incoming_slice import incoming
from tests.support import token

STAFF = token(clearance="top_secret")
OFFICE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$")


def moments(record: dict[str, Any]) -> dict[str, str]:
    """The record's times: the fields the office reads as moments."""
    return {k: v for k, v in record.items() if isinstance(v, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", v)}


async def posted_and_read(
    client: Any, path: str, body: dict[str, Any]
) -> tuple[dict[str, str], dict[str, str]]:
    made = await client.post(f"/api/v1/{path}", json=body, headers=STAFF)
    assert made.status_code == 201, made.text
    read = await client.get(f"/api/v1/{path}/{made.json()['id']}", headers=STAFF)
    assert read.status_code == 200, read.text
    return moments(made.json()), moments(read.json())


async def test_post_and_get_of_a_record_give_the_same_times_in_office_time(start_stack: Any) -> None:
    async with start_stack("docs", "meetings", "logistics", "infoscore") as stack:
        ticket = {"category": "water", "location": "3楼", "description": "漏水", "at": "2022-07-01T01:00:00Z"}
        cases = [
            (stack.docs, "incoming", incoming(received_at="2022-03-01T01:00:00Z"), "received_at"),
            (
                stack.meetings,
                "meetings",
                meeting(room=None, start="2022-04-01T01:00:00Z", end="2022-04-01T03:00:00Z"),
                "start",
            ),
            (stack.logistics, "maintenance/tickets", ticket, "opened_at"),
            (stack.infoscore, "submissions", submission(submitted_at="2022-03-01T01:00:00Z"), "submitted_at"),
        ]
        for client, path, body, field in cases:
            posted, read = await posted_and_read(client, path, body)
            assert posted == read, path
            assert all(OFFICE_TIME.match(v) for v in posted.values()), (path, posted)
            sent = body.get(field) or body["at"]
            assert posted[field] == sent.replace("T01:", "T09:").replace("Z", "+08:00"), (path, posted)
