"""`Idempotency-Key` is scoped to the method and the concrete path in every service (docs here)."""

from typing import Any

from tests.integration.test_incoming_slice import incoming
from tests.support import token

STAFF = token()


async def test_a_key_reused_on_another_document_is_a_conflict_and_changes_nothing(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        first, other = [
            (await stack.docs.post("/api/v1/incoming", json=incoming(title=t), headers=STAFF)).json()
            for t in ("关于甲的通知", "关于乙的通知")
        ]
        headers = {**STAFF, "Idempotency-Key": "assign-0001"}
        body = {"lead_unit": "SAF", "due": "2099-03-20"}
        url = "/api/v1/incoming/{}/assign"
        assigned = await stack.docs.post(url.format(first["id"]), json=body, headers=headers)
        assert assigned.status_code == 200, assigned.text
        again = await stack.docs.post(url.format(first["id"]), json=body, headers=headers)
        assert again.json() == assigned.json()

        reused = await stack.docs.post(url.format(other["id"]), json=body, headers=headers)
        assert reused.status_code == 409, reused.text
        untouched = await stack.docs.get(f"/api/v1/incoming/{other['id']}", headers=STAFF)
        assert untouched.json()["lead_unit"] is None
