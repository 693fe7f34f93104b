"""An operator sees the mail queue by status, page by page, and sends a dead mail again: it goes
back to pending with a fresh count of tries and reaches the SMTP server once."""

from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.integration.notify.helpers import (
    ADMIN,
    NNCB_MAIL,
    Bus,
    Mailbox,
    assigned,
    liaison,
    mail_settings,
    sent,
    today,
)
from tests.support import NatsServer, eventually


async def queue(stack: Any, **params: Any) -> dict[str, Any]:
    answer = await stack.notify.get("/api/v1/admin/mails", params=params, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def inbox(stack: Any, caller: dict[str, str]) -> list[dict[str, Any]]:
    answer = await stack.notify.get("/api/v1/inbox", params={"limit": 200}, headers=caller)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


async def test_a_dead_mail_is_listed_and_a_retry_sends_it_once(
    start_stack: Any, nats_server: NatsServer, tmp_path: Path
) -> None:
    mailbox = Mailbox()  # not listening: every try fails
    # Everything notify tells is mailed, its own notices included: a notice that a mail died
    # reaches the inbox and must not be mailed in turn (it would feed itself).
    settings = mail_settings(
        tmp_path, mailbox, mail_backoff_s=0.05, mail_max_attempts=2, mail_event_types=("office.notify.>",)
    )
    try:
        async with start_stack("notify", **settings) as stack, Bus(nats_server.url) as bus:
            late = today() - timedelta(days=2)
            for doc in ("doc-a", "doc-b"):
                await bus.publish(sent(assigned(doc, late), days_ago=10, subject=doc))

            async def both_dead() -> bool:
                return len((await queue(stack, status="dead"))["items"]) == 2

            await eventually(both_dead)

            async def told_in_the_inbox() -> bool:
                titles = [item["title"] for item in await inbox(stack, liaison("NNCB"))]
                return sum(str(t).startswith("邮件投递失败，已停止重试：收文办理已超期") for t in titles) == 2

            await eventually(told_in_the_inbox)
            first = await queue(stack, status="dead", limit=1)
            assert first["next_cursor"] is not None
            second = await queue(stack, status="dead", limit=1, cursor=first["next_cursor"])
            assert second["next_cursor"] is None
            paged = [first["items"][0], second["items"][0]]
            assert paged[0]["id"] < paged[1]["id"]  # the queue pages in id order
            letter, other = sorted(
                paged, key=lambda m: not m["subject"].startswith("收文办理已超期：收-doc-a")
            )
            assert letter["address"] == NNCB_MAIL
            assert letter["attempts"] == 2 and letter["last_error"] and letter["sent_at"] is None
            assert letter["subject"].startswith("收文办理已超期：收-doc-a")
            assert (await queue(stack, status="pending"))["items"] == []

            await mailbox.start()
            retry = f"/api/v1/admin/mails/{letter['id']}/retry"
            keyed = {**ADMIN, "Idempotency-Key": "retry-once"}
            answer = await stack.notify.post(retry, headers=keyed)
            assert answer.status_code == 200, answer.text
            assert answer.json()["status"] == "pending" and answer.json()["attempts"] == 0

            async def resent() -> bool:
                return [m["id"] for m in (await queue(stack, status="sent"))["items"]] == [letter["id"]]

            await eventually(resent)
            [row] = (await queue(stack, status="sent"))["items"]
            assert row["attempts"] == 1 and row["last_error"] is None and row["sent_at"]
            assert [m["id"] for m in (await queue(stack, status="dead"))["items"]] == [other["id"]]
            replayed = await stack.notify.post(retry, headers=keyed)  # the same request again: no new try
            assert replayed.headers["Idempotent-Replayed"] == "true" and replayed.json() == answer.json()
            again = await stack.notify.post(retry, headers=ADMIN)
            assert again.status_code == 409, again.text
            assert again.headers["content-type"] == "application/problem+json"
    finally:
        await mailbox.stop()
    [(recipients, message)] = mailbox.received
    assert recipients == [NNCB_MAIL] and message["Subject"].startswith("收文办理已超期：收-doc-a")
