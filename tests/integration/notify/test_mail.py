"""Notifications are mailed to the units and people with an address, once, through a real SMTP
server (aiosmtpd on a free port); a server that is down gets the mail once it is back."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from shared.contracts.meetings import MeetingNoticeSent
from shared.envelope import utcnow
from tests.integration.notify.helpers import (
    NNCB_MAIL,
    Bus,
    Mailbox,
    assigned,
    mail_settings,
    mails,
    sent,
    today,
    written,
)
from tests.support import NatsServer, eventually, token


async def test_a_reminder_is_mailed_once_to_the_unit_and_the_person_with_an_address(
    start_stack: Any, nats_server: NatsServer, tmp_path: Path
) -> None:
    mailbox = Mailbox()
    await mailbox.start()
    alice = token(sub="alice", unit="GO")
    try:
        async with (
            start_stack("notify", **mail_settings(tmp_path, mailbox)) as stack,
            Bus(nats_server.url) as bus,
        ):
            answer = await stack.notify.put(
                "/api/v1/mail-address", json={"address": "alice@example.gov.cn"}, headers=alice
            )
            assert answer.status_code == 200, answer.text
            assert (await stack.notify.get("/api/v1/mail-address", headers=alice)).json()[
                "address"
            ] == "alice@example.gov.cn"

            late = today() - timedelta(days=2)
            await bus.publish(sent(assigned("doc-m", late), days_ago=10, subject="doc-m"))
            start = utcnow() + timedelta(hours=2)
            notice = MeetingNoticeSent(
                meeting_id="m-2", title="信息化工作推进会", kind="promotion", organizer_unit="GO", room=None,
                start=start, end=start + timedelta(hours=1), attendees=["alice"], attendee_units=["LZCB"],
                sent_at=utcnow(),
            )  # fmt: skip
            await bus.publish(sent(notice, days_ago=2, subject="m-2"))

            async def all_sent() -> bool:
                rows = await mails(stack)
                return len(rows) == 2 and all(r.status == "sent" for r in rows)

            await eventually(all_sent)
    finally:
        await mailbox.stop()

    by_address = {rcpt[0]: message for rcpt, message in mailbox.received}
    assert len(mailbox.received) == 2 and set(by_address) == {NNCB_MAIL, "alice@example.gov.cn"}
    unit_mail = by_address[NNCB_MAIL]
    assert unit_mail["Subject"] == f"收文办理已超期：收-doc-m，办理期限 {written(late)}"
    assert unit_mail["From"] == "office-notify@example.gov.cn" and unit_mail["To"] == NNCB_MAIL
    assert unit_mail.get_content_charset() == "utf-8"
    body = unit_mail.get_content()
    assert "收文办理已超期：收-doc-m" in body and "请登录办公平台查看详情" in body
    assert re.search(r"时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}\n", body), body
    assert by_address["alice@example.gov.cn"]["Subject"].startswith("会议提醒：信息化工作推进会，")


async def test_a_mail_waits_while_the_smtp_server_is_down_and_goes_once_it_is_back(
    start_stack: Any, nats_server: NatsServer, tmp_path: Path
) -> None:
    mailbox = Mailbox()  # not listening yet
    settings = mail_settings(tmp_path, mailbox, mail_backoff_s=0.05, mail_backoff_max_s=0.2)
    try:
        async with start_stack("notify", **settings) as stack, Bus(nats_server.url) as bus:
            await bus.publish(
                sent(assigned("doc-n", today() - timedelta(days=2)), days_ago=10, subject="doc-n")
            )

            async def refused() -> bool:
                rows = await mails(stack)
                return len(rows) == 1 and rows[0].attempts >= 2 and rows[0].status == "pending"

            await eventually(refused)
            assert mailbox.received == []
            await mailbox.start()

            async def delivered() -> bool:
                rows = await mails(stack)
                return rows[0].status == "sent"

            await eventually(delivered)
            [row] = await mails(stack)
            assert row.last_error is None and row.sent_at is not None
    finally:
        await mailbox.stop()
    [(recipients, message)] = mailbox.received
    assert recipients == [NNCB_MAIL] and message["Subject"].startswith("收文办理已超期：收-doc-n")
