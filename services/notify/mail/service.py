"""The rules of e-mail: who has an address, and which notifications are queued for mailing.

A unit's address is in the unit registry (`email:`, kept by the operations team with the
rest of the registry); a person gives their own (`PUT /api/v1/mail-address`). A mail is
queued in the transaction that adds the inbox notification, one per event and address,
and sent after commit by the mail worker. An operator (`admin`) lists the queue and sends
a dead mail again.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.mail.models import MailAddress, MailMessage
from services.notify.mail.schemas import MailAddressRead, MailAddressUpdate, MailStatus
from services.notify.rules import Routing
from services.notify.settings import NotifySettings
from services.notify.webhooks.service import matches
from shared.auth import Caller
from shared.command import Command
from shared.contracts.notify import MailDeadLettered
from shared.envelope import Envelope, utcnow
from shared.errors import Conflict
from shared.lookup import get_or_404
from shared.text import chinese_time
from shared.units import UnitRegistry

# `<root>.notify.mail.dead_lettered`
MAIL_GIVEN_UP = f".{MailDeadLettered.service}.{MailDeadLettered.entity}.{MailDeadLettered.action}"
FOOTER = "此邮件由办公室通知服务自动发送，请登录办公平台查看详情。"


@dataclass(frozen=True)
class Mailing:
    """What is mailed (event types) and the units' addresses; None when SMTP is not configured."""

    types: tuple[str, ...]
    unit_addresses: dict[str, str]
    timezone: ZoneInfo

    @classmethod
    def of(cls, settings: NotifySettings, units: UnitRegistry) -> "Mailing | None":
        if not settings.mail_on:
            return None
        return cls(
            types=settings.mail_event_types,
            unit_addresses={u.code: u.email for u in units.units if u.email},
            timezone=ZoneInfo(settings.timezone),
        )


async def enqueue(
    session: AsyncSession, *, envelope: Envelope, routing: Routing, mailing: Mailing | None
) -> int:
    """Queues one mail per address among the notification's recipients; answers how many."""
    if mailing is None or routing.title is None or not any(matches(p, envelope.type) for p in mailing.types):
        return 0
    if envelope.nats_subject.endswith(MAIL_GIVEN_UP):
        return 0  # a mail that could not be sent is told in the inbox; mailing it would feed itself
    recipients = [("unit", u, mailing.unit_addresses.get(u)) for u in routing.inbox_units]
    people = await _addresses(session, routing.inbox_users)
    recipients += [("user", s, people.get(s)) for s in routing.inbox_users]
    now, queued = utcnow(), set()
    for kind, recipient, address in recipients:
        if address is None or address in queued:
            continue
        queued.add(address)
        session.add(
            MailMessage(
                event_id=envelope.id,
                recipient_kind=kind,
                recipient=recipient[:200],
                address=address,
                subject=routing.title,
                body=_body(envelope, routing.title, mailing.timezone),
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    return len(queued)


async def _addresses(session: AsyncSession, subs: tuple[str, ...]) -> dict[str, str]:
    if not subs:
        return {}
    rows = await session.execute(
        select(MailAddress.sub, MailAddress.address).where(MailAddress.sub.in_(subs))
    )
    return {sub: address for sub, address in rows}


def _body(envelope: Envelope, title: str, timezone: ZoneInfo) -> str:
    at = chinese_time(envelope.time, timezone)
    return f"{title}\n\n事项编号：{envelope.subject}\n时间：{at}\n\n{FOOTER}\n"


async def get_address(*, session: AsyncSession, caller: Caller) -> MailAddressRead:
    """The caller's mail address, if they gave one."""
    row = await session.get(MailAddress, caller.sub)
    return MailAddressRead(sub=caller.sub, address=row.address if row else None)


async def set_address(cmd: Command, payload: MailAddressUpdate) -> MailAddressRead:
    """Sets (or, with null, removes) where the caller's notifications are mailed."""
    row = await cmd.session.get(MailAddress, cmd.caller.sub)
    if payload.address is None:
        if row is not None:
            await cmd.session.delete(row)
    elif row is None:
        cmd.session.add(MailAddress(sub=cmd.caller.sub, address=payload.address, updated_at=cmd.now))
    else:
        row.address, row.updated_at = payload.address, cmd.now
    return MailAddressRead(sub=cmd.caller.sub, address=payload.address)


def queued_mails(*, caller: Caller, status: MailStatus | None) -> Select[MailMessage]:
    """The mail queue, or the part of it in one status; for an operator only."""
    caller.require("admin")
    query = select(MailMessage)
    return query if status is None else query.where(MailMessage.status == status)


async def retry_mail(cmd: Command, mail_id: int) -> MailMessage:
    """Queues a dead mail again, due now, with a fresh count of tries."""
    cmd.caller.require("admin")
    mail = await get_or_404(cmd.session, MailMessage, mail_id, f"邮件 {mail_id} 不存在 (no such mail)")
    if mail.status != "dead":
        raise Conflict(f"只能重发已放弃的邮件，此邮件状态为 {mail.status} (only a dead mail can be retried)")
    mail.status, mail.attempts = "pending", 0
    mail.next_attempt_at, mail.claimed_until = cmd.now, None
    return mail
