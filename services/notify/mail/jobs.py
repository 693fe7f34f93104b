"""The mail worker: claims due mails, sends them over SMTP, and records what happened.

Rows are claimed under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas never
send the same row at once). A failure (server down, refused) is tried again after a
doubling delay; after `mail_max_attempts` the mail is dead (logged, kept in the table, and told to the
recipient's inbox by an `office.notify.mail.dead_lettered` event, which is never mailed).
At shutdown the batch in flight is finished and recorded first, so a restart sends
nothing twice; only a crash between the server's acceptance and the record can repeat
a mail, which then carries the same `Message-ID` for the receiving side to drop.
"""

from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import aiosmtplib
from fastapi import FastAPI
from sqlalchemy import or_, select

from services.notify.mail.models import MailMessage
from services.notify.settings import NotifySettings
from shared.contracts import envelope_for
from shared.contracts.notify import MailDeadLettered
from shared.db import SessionFactory, transaction
from shared.envelope import Envelope, utcnow
from shared.jobs import doubling_backoff_s, run_rounds
from shared.outbox import add_event
from shared.telemetry import log


@dataclass(frozen=True)
class Claimed:
    id: int
    address: str
    subject: str
    body: str


@dataclass(frozen=True)
class Outcome:
    id: int
    error: str | None  # None: accepted by the server


class MailWorker:
    def __init__(self, *, factory: SessionFactory, settings: NotifySettings) -> None:
        self.factory = factory
        self.settings = settings

    async def run(self) -> None:
        """Send until cancelled; a cancellation lets the batch in flight finish first."""
        s = self.settings
        await run_rounds(
            self.send_due, job="mail", rest_s=s.mail_poll_s, batch=s.mail_batch, finish_s=s.smtp_timeout_s + 5
        )

    def backoff_s(self, attempts: int) -> float:
        s = self.settings
        return doubling_backoff_s(attempts, first_s=s.mail_backoff_s, max_s=s.mail_backoff_max_s)

    async def send_due(self) -> int:
        """Claim, send and record one batch; answers how many were tried."""
        claimed = await self.claim()
        if claimed:
            await self.record([await self.send(c) for c in claimed])
        return len(claimed)

    async def claim(self) -> list[Claimed]:
        now = utcnow()
        async with transaction(self.factory) as session:
            query = (
                select(MailMessage)
                .where(
                    MailMessage.status == "pending",
                    MailMessage.next_attempt_at <= now,
                    or_(MailMessage.claimed_until.is_(None), MailMessage.claimed_until < now),
                )
                .order_by(MailMessage.id)
                .limit(self.settings.mail_batch)
                .with_for_update(skip_locked=True)
            )
            claimed = []
            for mail in await session.scalars(query):
                mail.claimed_until = now + timedelta(seconds=self.settings.mail_lease_s)
                mail.attempts += 1
                claimed.append(Claimed(mail.id, mail.address, mail.subject, mail.body))
        return claimed

    async def send(self, mail: Claimed) -> Outcome:
        s = self.settings
        try:
            await aiosmtplib.send(
                self.message(mail),
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_username,
                password=s.smtp_password,
                start_tls=s.smtp_starttls,
                timeout=s.smtp_timeout_s,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            return Outcome(mail.id, repr(exc)[:1000])
        return Outcome(mail.id, None)

    def message(self, mail: Claimed) -> EmailMessage:
        """The mail: UTF-8 subject and body, a `Message-ID` that is the same on every try."""
        message = EmailMessage()
        message["From"] = self.settings.smtp_from
        message["To"] = mail.address
        message["Subject"] = mail.subject
        message["Date"] = format_datetime(utcnow())
        message["Message-ID"] = f"<notify-mail-{mail.id}@{self.settings.smtp_from.rsplit('@', 1)[-1]}>"
        message.set_content(mail.body)
        return message

    async def record(self, outcomes: list[Outcome]) -> None:
        now = utcnow()
        async with transaction(self.factory) as session:
            for outcome in outcomes:
                mail = await session.get(MailMessage, outcome.id)
                if mail is None:
                    continue
                mail.claimed_until, mail.last_error = None, outcome.error
                if outcome.error is None:
                    mail.status, mail.sent_at = "sent", now
                elif mail.attempts >= self.settings.mail_max_attempts:
                    mail.status = "dead"
                    await add_event(session, _dead_lettered(mail))
                    log.warning("mail given up", mail=mail.id, attempts=mail.attempts, error=outcome.error)
                else:
                    mail.next_attempt_at = now + timedelta(seconds=self.backoff_s(mail.attempts))


def _dead_lettered(mail: MailMessage) -> Envelope:
    """Tells the recipient's inbox that a mail to them was given up."""
    unit = mail.recipient if mail.recipient_kind == "unit" else None
    data = MailDeadLettered(
        id=mail.id,
        address=mail.address,
        unit=unit,
        person=mail.recipient if mail.recipient_kind == "user" else None,
        event_id=mail.event_id,
        mail_subject=mail.subject,
        attempts=mail.attempts,
        last_error=mail.last_error,
    )
    return envelope_for(data, subject=str(mail.id), unit=unit, actor="notify")


async def send_mail(app: FastAPI) -> None:
    """The background job: one mail worker until shutdown (nothing to do without an SMTP host)."""
    settings: NotifySettings = app.state.settings
    if settings.mail_on:
        await MailWorker(factory=app.state.factory, settings=settings).run()
