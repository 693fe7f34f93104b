"""Tables of the notify service, one module per sub-domain (the spine tables come with every service)."""

from services.notify.base import Base
from services.notify.inbox.models import InboxItem, InboxRead
from services.notify.mail.models import MailAddress, MailMessage
from services.notify.reminders.models import Reminder, ReminderRecipient
from services.notify.webhooks.models import Webhook, WebhookDelivery

__all__ = [
    "Base",
    "InboxItem",
    "InboxRead",
    "MailAddress",
    "MailMessage",
    "Reminder",
    "ReminderRecipient",
    "Webhook",
    "WebhookDelivery",
]
