"""Tables of the notify service, one module per sub-domain (the spine tables come with every service)."""

from services.notify.base import Base
from services.notify.inbox.models import InboxItem, InboxRead
from services.notify.mail.models import MailAddress, MailMessage
from services.notify.reminders.models import Reminder, ReminderRecipient
from services.notify.todos.models import Todo, TodoDigest
from services.notify.webhooks.models import Webhook, WebhookDelivery
from shared.calendar import CalendarYearColumns


class CalendarYear(CalendarYearColumns, Base):
    """A year's holiday arrangement kept from docs' `calendar.arranged` (shipped years: the holidays file)."""

    __tablename__ = "calendar_years"


__all__ = [
    "Base",
    "CalendarYear",
    "InboxItem",
    "InboxRead",
    "MailAddress",
    "MailMessage",
    "Reminder",
    "ReminderRecipient",
    "Todo",
    "TodoDigest",
    "Webhook",
    "WebhookDelivery",
]
