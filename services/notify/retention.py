"""How long notify keeps what it has done: read inbox items, delivered webhooks, sent mails.

Unread items, pending and dead deliveries and mails stay (a person, or an operator, still
has to see them); each of the others goes its setting's days after it was read, delivered
or sent (`NOTIFY_INBOX_READ_KEEP_DAYS`, `NOTIFY_WEBHOOK_DELIVERED_KEEP_DAYS`,
`NOTIFY_MAIL_SENT_KEEP_DAYS`).
"""

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists

from services.notify.inbox.models import InboxItem, InboxRead
from services.notify.mail.models import MailMessage
from services.notify.settings import NotifySettings
from services.notify.webhooks.models import WebhookDelivery
from shared.retention import Rule, after_days


def read_before(cutoff: datetime) -> ColumnElement[bool]:
    """An item someone it was for read before `cutoff` (a unit's: any colleague)."""
    read = exists().where(InboxRead.item_id == InboxItem.id, InboxRead.read_at < cutoff)
    return and_(InboxItem.created_at < cutoff, read)


def delivered_before(cutoff: datetime) -> ColumnElement[bool]:
    return and_(WebhookDelivery.status == "delivered", WebhookDelivery.delivered_at < cutoff)


def sent_before(cutoff: datetime) -> ColumnElement[bool]:
    return and_(MailMessage.status == "sent", MailMessage.sent_at < cutoff)


def rules(settings: NotifySettings) -> list[Rule]:
    return [
        Rule(InboxItem, after_days(settings.inbox_read_keep_days), read_before),
        Rule(WebhookDelivery, after_days(settings.webhook_delivered_keep_days), delivered_before),
        Rule(MailMessage, after_days(settings.mail_sent_keep_days), sent_before),
    ]
