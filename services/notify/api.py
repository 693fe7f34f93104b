"""Routes of the notify service: inbox, reminders, to-do list, mail address, webhooks, unit subscriptions."""

from fastapi import APIRouter

from services.notify.inbox.api import router as inbox_router
from services.notify.mail.api import router as mail_router
from services.notify.reminders.api import router as reminders_router
from services.notify.todos.api import router as todos_router
from services.notify.units.api import router as units_router
from services.notify.webhooks.api import router as webhooks_router

router = APIRouter()
router.include_router(inbox_router)
router.include_router(reminders_router)
router.include_router(todos_router)
router.include_router(mail_router)
router.include_router(webhooks_router)
router.include_router(units_router)
