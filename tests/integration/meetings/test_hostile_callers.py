"""What a hostile caller of meetings gets: a key reused on another meeting, rooms of other units."""

from typing import Any

from tests.integration.meetings.helpers import STAFF, act, schedule


async def test_a_key_reused_on_another_meeting_is_a_conflict_and_changes_nothing(stack: Any) -> None:
    first = await schedule(stack)
    other = await schedule(stack, room="R502")
    headers = {**STAFF, "Idempotency-Key": "cancel-0001"}
    cancelled = await act(stack, first["id"], "cancel", {"reason": "改期"}, headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    again = await act(stack, first["id"], "cancel", {"reason": "改期"}, headers=headers)
    assert again.json() == cancelled.json()
    assert again.headers["Idempotent-Replayed"] == "true"

    reused = await act(stack, other["id"], "cancel", {"reason": "改期"}, headers=headers)
    assert reused.status_code == 409, reused.text
    untouched = await stack.meetings.get(f"/api/v1/meetings/{other['id']}", headers=STAFF)
    assert untouched.json()["status"] == "scheduled"
