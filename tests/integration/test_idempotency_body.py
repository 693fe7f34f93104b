"""An `Idempotency-Key` sent again with the same body answers the first answer; with another
body it is refused (422) and changes nothing, in JSON bodies, raw files and multipart uploads."""

from typing import Any

from tests.integration.docs.support import PROBLEM, STAFF, draft
from tests.integration.meetings.helpers import add_room, meeting
from tests.integration.test_incoming_slice import incoming
from tests.unit.docs_format.gongwen import Spec, build

REUSED = "Idempotency-Key 已用于内容不同的请求 (key already used with a different request body)"


def refused_as_reused(answer: Any) -> None:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert answer.json()["detail"] == REUSED


async def test_docs_a_key_replays_its_body_and_refuses_another(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        headers = {**STAFF, "Idempotency-Key": "incoming-0001"}
        first = await stack.docs.post("/api/v1/incoming", json=incoming(), headers=headers)
        again = await stack.docs.post("/api/v1/incoming", json=incoming(), headers=headers)
        assert first.status_code == again.status_code == 201, again.text
        assert again.json() == first.json()
        assert again.headers.get("idempotent-replayed") == "true"
        refused_as_reused(
            await stack.docs.post("/api/v1/incoming", json=incoming(title="关于乙的通知"), headers=headers)
        )
        listed = (await stack.docs.get("/api/v1/incoming", headers=STAFF)).json()["items"]
        assert [d["title"] for d in listed] == [incoming()["title"]]


async def test_meetings_a_key_replays_its_body_and_refuses_another(start_stack: Any) -> None:
    async with start_stack("meetings") as stack:
        await add_room(stack, "R301")
        headers = {**STAFF, "Idempotency-Key": "meeting-0001"}
        first = await stack.meetings.post("/api/v1/meetings", json=meeting(), headers=headers)
        again = await stack.meetings.post("/api/v1/meetings", json=meeting(), headers=headers)
        assert first.status_code == again.status_code == 201, again.text
        assert again.headers.get("idempotent-replayed") == "true"
        other = meeting(
            title="全厅保密工作会", start="2022-04-02T09:00:00+08:00", end="2022-04-02T11:00:00+08:00"
        )
        refused_as_reused(await stack.meetings.post("/api/v1/meetings", json=other, headers=headers))
        listed = (await stack.meetings.get("/api/v1/meetings", headers=STAFF)).json()["items"]
        assert [m["title"] for m in listed] == [meeting()["title"]]


async def test_a_multipart_upload_sent_again_replays_and_another_file_is_refused(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        doc = await draft(stack)
        url, headers = f"/api/v1/outgoing/{doc['id']}/file", {**STAFF, "Idempotency-Key": "file-0001"}
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        first_file, other_file = build(Spec()), build(Spec(body_size=14))
        first = await stack.docs.put(url, headers=headers, files={"file": ("d.docx", first_file, kind)})
        # a new multipart boundary each time, as any client sends it again
        again = await stack.docs.put(url, headers=headers, files={"file": ("d.docx", first_file, kind)})
        assert first.status_code == again.status_code == 200, again.text
        assert again.headers.get("idempotent-replayed") == "true"
        refused_as_reused(
            await stack.docs.put(url, headers=headers, files={"file": ("d.docx", other_file, kind)})
        )
        assert (await stack.docs.get(url, headers=STAFF)).content == first_file
