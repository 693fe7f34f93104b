"""The aggregate service's app: `uvicorn --factory services.aggregate.app:create_app`."""

from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import FastAPI

from services.aggregate import api, events
from services.aggregate.dashboard import api as dashboard
from services.aggregate.profile import Profile
from services.aggregate.projection import FIRST_GENERATION, consumer_spec
from services.aggregate.settings import AggregateSettings
from shared.app import ServiceSpec, create_service_app


def create_app(settings: AggregateSettings | None = None) -> FastAPI:
    settings = settings or AggregateSettings()
    projection = events.projection_job(timezone=settings.timezone, subject_root=settings.subject_root)
    first = consumer_spec(FIRST_GENERATION, ZoneInfo(settings.timezone), settings.subject_root)
    app = create_service_app(
        ServiceSpec(
            settings=settings,
            title="办公室 aggregate: 统计与年度报告",
            description="Statistics across units and years, projected from the event stream.",
            router=api.router,
            migrations=Path(__file__).parent / "migrations",
            background=[projection],
            job_consumers=[first],
        )
    )
    app.state.profile = Profile.load(settings.profile_file)
    app.include_router(dashboard.router)  # the pages for people: /, /login, /dashboard
    app.mount("/dashboard/static", dashboard.static, name="dashboard-static")
    return app
