"""The app factory: every service gets the same wiring, probes, metrics, errors and admin routes.

`create_service_app` owns the lifespan: it migrates the database, connects to NATS in
the background (a service starts and answers `/healthz` while NATS is down; `/readyz`
says 503), and runs the outbox relay and the service's consumers until shutdown.
"""

import asyncio
import gc
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import asyncapi, gauges, openapi
from shared.admin import admin_router
from shared.auth import TokenVerifier
from shared.bus import Bus
from shared.consumer import Consumers, ConsumerSpec
from shared.db import SessionFactory, create_engine, session_factory
from shared.docs_page import docs_page_router
from shared.errors import install_problem_handlers, problem_response
from shared.guards import BodyGuard, SecurityHeaders
from shared.idempotency import TTL_INFO_KEY
from shared.migrations import migrate
from shared.outbox import OutboxRelay
from shared.query import declared_query_only
from shared.retention import Rule, keep_within_retention
from shared.settings import ServiceSettings
from shared.subscriber import declare_subscriber
from shared.tasks import cancel_and_wait
from shared.telemetry import HTTP_LATENCY, setup_logging, setup_tracing
from shared.units import Unit, UnitRegistry

API_PREFIX = "/api/v1"
YOUNG_GC_THRESHOLD = 20_000


BackgroundJob = Callable[[FastAPI], Coroutine[Any, Any, None]]
"""A loop a service runs beside its consumers (a claimer of due rows, say); cancelled at shutdown."""


@dataclass
class ServiceSpec:
    """What makes a service itself: its routes, its migrations and what it consumes."""

    settings: ServiceSettings
    title: str
    router: APIRouter
    migrations: Path
    consumers: list[ConsumerSpec] = field(default_factory=list)
    # consumers a background job subscribes while the service runs (the aggregate's projection,
    # its first generation), declared beside `consumers` in the catalogue (`catalogue`)
    job_consumers: list[ConsumerSpec] = field(default_factory=list)
    description: str = ""
    background: list[BackgroundJob] = field(default_factory=list)
    retention: list[Rule] = field(default_factory=list)  # its own tables' (shared/retention.py)
    # what `/readyz` (for people, not `?only=database`) warns of while still ready
    warnings: Callable[[FastAPI], Awaitable[list[str]]] | None = None


def create_service_app(spec: ServiceSpec) -> FastAPI:
    settings = spec.settings
    setup_logging(settings.service, settings.log_json)
    setup_tracing(settings.service, settings.otlp_endpoint)
    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version="1.0.0",
        lifespan=_lifespan(spec),
        dependencies=[Depends(declared_query_only)],
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=openapi.operation_ids(settings.service, API_PREFIX),
        # FastAPI's own OpenTelemetry: a server span per request, named by its route once routed
        telemetry={"operation_spans": False, "exclude": _untraced},
    )
    app.state.settings, app.state.spec = settings, spec
    app.state.registry = UnitRegistry.load(settings.units_file)
    app.state.verifier = _verifier(settings, app.state.registry)
    install_problem_handlers(app)
    app.include_router(_probes_router())
    app.include_router(docs_page_router(app))
    app.include_router(_units_router(), prefix=API_PREFIX)
    app.include_router(admin_router(), prefix=API_PREFIX)
    app.include_router(spec.router, prefix=API_PREFIX)
    openapi.install(app)
    app.add_middleware(SessionScope)
    app.add_middleware(BodyGuard, default_limit=settings.max_body_bytes, verifier=lambda: app.state.verifier)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestTimer, service=settings.service)
    return app


UNTRACED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def _untraced(scope: MutableMapping[str, Any]) -> bool:
    """Probes and scrapes get no span (they come every few seconds and say nothing)."""
    return scope.get("path") in UNTRACED_PATHS


def _verifier(settings: ServiceSettings, units: UnitRegistry) -> TokenVerifier:
    return TokenVerifier(
        secret=settings.signing_secret,
        jwks_url=settings.jwks_url,
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        units=units,
        max_lifetime_s=settings.jwt_max_lifetime_s,
        jwks_timeout_s=settings.jwks_timeout_s,
    )


def _collect_young_objects_less_often() -> None:
    """CPython collects its youngest generation every 700 net allocations; a consumer batch
    makes hundreds of thousands of short-lived objects, and collecting every 20,000 instead
    makes a rebuild about 15% faster here, for a few MB more at the peak."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GC_THRESHOLD, middle, oldest)


def _bus(settings: ServiceSettings) -> Bus:
    bus = Bus(
        url=settings.nats_url,
        name=f"office-{settings.service}",
        stream=settings.stream_name,
        subjects=[f"{settings.subject_root}.>"],
    )
    asyncapi.declare_service(bus.broker, settings)
    return bus


def catalogue(specs: list[ServiceSpec]) -> dict[str, Any]:
    """The event catalogue (AsyncAPI 3.0) of services that need not run (`office asyncapi`): a
    broker declared as a running service declares its own (`_bus`, then each consumer's
    subscriber), so that one service's is the `/asyncapi.json` it answers."""
    first, *others = specs
    broker = _bus(first.settings).broker
    for spec in others:
        asyncapi.declare_service(broker, spec.settings)
    held = [  # the broker holds a subscriber declared not persistent weakly
        declare_subscriber(
            broker,
            spec.settings.stream_name,
            consumer,
            batch=spec.settings.consumer_batch,
            on_batch=_not_consuming,
        )
        for spec in specs
        for consumer in [*spec.consumers, *spec.job_consumers]
    ]
    document = asyncapi.document(None if others else first.settings.service, broker)
    del held
    return document


async def _not_consuming(events: list[Any], messages: list[Any]) -> None:
    raise RuntimeError("a catalogue's broker is never started")


def _relay(
    settings: ServiceSettings, factory: SessionFactory, bus: Bus, wakeup: asyncio.Event
) -> OutboxRelay:
    return OutboxRelay(
        service=settings.service,
        factory=factory,
        bus=bus,
        batch=settings.relay_batch,
        lease=settings.relay_lease,
        wakeup=wakeup,
    )


def _consumers(spec: ServiceSpec, factory: SessionFactory, bus: Bus) -> Consumers:
    """The service's subscribers on the broker, bound once it starts."""
    settings = spec.settings
    consumers = Consumers(
        service=settings.service,
        factory=factory,
        bus=bus,
        batch=settings.consumer_batch,
        max_tries=settings.consumer_max_tries,
        backoff_s=settings.consumer_backoff_s,
    )
    for consumer_spec in spec.consumers:
        consumers.add(consumer_spec)
    return consumers


def _lifespan(spec: ServiceSpec) -> Callable[[FastAPI], Any]:
    settings = spec.settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.db_url, pool_size=settings.db_pool_size)
        await migrate(engine, spec.migrations)
        bus = _bus(settings)
        wakeup = asyncio.Event()  # set by a commit that added events
        factory = session_factory(
            engine, on_outbox_commit=wakeup.set, info={TTL_INFO_KEY: settings.idempotency_ttl_s}
        )
        relay, consumers = _relay(settings, factory, bus, wakeup), _consumers(spec, factory, bus)
        app.state.engine, app.state.factory, app.state.bus = engine, factory, bus
        app.state.relay, app.state.consumers = relay, consumers
        bus.start()
        relay.start()
        jobs = [
            asyncio.create_task(job(app), name=f"{settings.service}-job")
            for job in [*spec.background, keep_within_retention]
        ]
        _collect_young_objects_less_often()
        try:
            yield
        finally:
            for job_task in jobs:
                await cancel_and_wait(job_task)
            await consumers.close()
            await relay.stop()
            await bus.close()
            await engine.dispose()

    return lifespan


SESSION_SCOPE_KEY = "office.session"


async def db_session(request: Request) -> AsyncSession:
    """The request's one session, opened when a dependency first asks for it and closed by
    `SessionScope` once the answer is sent (FastAPI's exit stack for a `yield` dependency cost
    more than opening and closing the session)."""
    session: AsyncSession | None = request.scope.get(SESSION_SCOPE_KEY)
    if session is None:
        session = request.scope[SESSION_SCOPE_KEY] = request.app.state.factory()
    return session


Session = Annotated[AsyncSession, Depends(db_session)]


async def registry(request: Request) -> UnitRegistry:
    return request.app.state.registry  # type: ignore[no-any-return]


Registry = Annotated[UnitRegistry, Depends(registry)]


def _probes_router() -> APIRouter:
    router = APIRouter(tags=["probes"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz(
        request: Request,
        only: Annotated[
            Literal["database"] | None,
            Query(description="`database`: leave NATS out (the outbox keeps writes while NATS is away)"),
        ] = None,
    ) -> Response:
        """The database and NATS are reachable (503 otherwise)."""
        checks = {"database": await _database_ok(request)}
        if only is None:
            checks["nats"] = request.app.state.bus.connected
        if all(checks.values()):
            body: dict[str, Any] = {"status": "ready", "checks": checks}
            if only is None and (warnings := await _warnings(request)):
                body["warnings"] = warnings
            return JSONResponse(body)
        failing = ", ".join(k for k, ok in checks.items() if not ok)
        return problem_response(503, f"依赖不可用 (not ready): {failing}", checks=checks)

    @router.get("/asyncapi.json", include_in_schema=False)
    async def event_catalogue(request: Request) -> dict[str, Any]:
        """The events this service publishes and consumes, as AsyncAPI 3.0 (FastStream's)."""
        return asyncapi.document(request.app.state.settings.service, request.app.state.bus.broker)

    @router.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        await gauges.sample(request.app)
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


async def _warnings(request: Request) -> list[str]:
    spec: ServiceSpec = request.app.state.spec
    return [] if spec.warnings is None else await spec.warnings(request.app)


async def _database_ok(request: Request) -> bool:
    try:
        async with request.app.state.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def _units_router() -> APIRouter:
    router = APIRouter(tags=["units"])

    @router.get("/units")
    async def list_units(units: Registry) -> dict[str, list[Unit]]:
        """The unit registry (divisions, affiliated units, city bureaus)."""
        return {"items": units.units}

    return router


class SessionScope:
    """Closes the session a request opened (`db_session`), whatever the request ended with."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            session: AsyncSession | None = scope.pop(SESSION_SCOPE_KEY, None)
            if session is not None:
                with anyio.CancelScope(shield=True):  # rolled back, not thrown away, when cancelled
                    await session.close()  # (as FastAPI shields a `yield` dependency's exit)


class RequestTimer:
    """The latency histogram by route, as plain ASGI middleware (Starlette's
    `BaseHTTPMiddleware` costs a task and a memory stream per request)."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = _route_label(scope)
            HTTP_LATENCY.labels(self.service, scope["method"], route, status).observe(
                time.perf_counter() - started
            )


def _plain_route(scope: Scope) -> Route | None:
    """The app's own routes that are not API routes (`/openapi.json`, `/docs`): matched by path."""
    app = scope.get("app")
    routes = getattr(app, "routes", [])
    return next((r for r in routes if isinstance(r, Route) and r.path == scope["path"]), None)


def _route_label(scope: Scope) -> str:
    """The route's template (`/api/v1/incoming/{incoming_id}`), never the raw path."""
    route = scope.get("route") or _plain_route(scope)
    if route is None:
        return "unmatched"
    path: str = scope["path"]
    return (API_PREFIX if path.startswith(API_PREFIX + "/") else "") + str(route.path)
