"""The notify service's app: `uvicorn --factory services.notify.app:create_app`."""

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from services.notify import api, events, retention
from services.notify.mail.jobs import send_mail
from services.notify.mail.service import Mailing
from services.notify.models import CalendarYear
from services.notify.reminders.jobs import send_reminders
from services.notify.reminders.sources import Times
from services.notify.settings import NotifySettings
from services.notify.todos.jobs import send_digests
from services.notify.todos.sources import Office
from services.notify.units.service import deliverable, keep_provisioned
from services.notify.webhooks.jobs import deliver_webhooks
from shared import calendar
from shared.app import ServiceSpec, create_service_app
from shared.units import UnitRegistry


def create_app(settings: NotifySettings | None = None) -> FastAPI:
    settings = settings or NotifySettings()
    units = UnitRegistry.load(settings.units_file)
    app = create_service_app(
        ServiceSpec(
            settings=settings,
            title="办公室 notify: 通知",
            description="Inbox, reminders, e-mail, unit subscriptions over NATS, signed webhooks.",
            router=api.router,
            migrations=Path(__file__).parent / "migrations",
            consumers=events.consumers(
                units=units,
                times=Times.of(settings),
                office=Office(unit=settings.todo_office_unit, timezone=ZoneInfo(settings.timezone)),
                mailing=Mailing.of(settings, units),
                subject_root=settings.subject_root,
                units_root=settings.units_subject_root,
                ack_wait_s=settings.consumer_ack_wait_s,
            ),
            background=[
                _unit_provisioning(settings, units),
                deliver_webhooks,
                send_reminders,
                send_mail,
                send_digests,
            ],
            warnings=calendar.readiness(CalendarYear),
            retention=retention.rules(settings),
        )
    )
    # the dashboard's page reads the caller's to-do list here with its session cookie
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET"],
        allow_credentials=True,
        allow_headers=["Authorization"],
    )
    return app


def _unit_provisioning(
    settings: NotifySettings, units: UnitRegistry
) -> Callable[[FastAPI], Coroutine[Any, Any, None]]:
    """The background job that keeps the UNITS stream and each unit's consumer in place."""

    async def provision_units(app: FastAPI) -> None:
        await keep_provisioned(
            app.state.bus,
            stream=settings.units_stream,
            root=settings.units_subject_root,
            units=[u.code for u in units.units if deliverable(u.code, units)],
            max_age_s=settings.units_max_age_days * 86400,
            every_s=settings.units_check_s,
        )

    return provision_units
