"""The unit of work of a state-changing request, in one place for every service.

A route that changes something takes one `Cmd` and reads as the office's verb:

    @router.post("/incoming/{incoming_id}/assign", response_model=IncomingRead)
    async def assign(incoming_id: IncomingId, payload: IncomingAssign, cmd: Cmd) -> Any:
        return await cmd.answer(service.assign_incoming(cmd, incoming_id, payload), IncomingRead)

`Cmd` carries who asks (the verified caller), the unit registry, the office's time zone
and clock, the database session and the request's `Idempotency-Key` scoped to its method
and concrete path (and its body's fingerprint). `answer` runs the change, turns its record
into the answer model, commits, and stores the answer under the key; a repeated key
answers the stored answer and runs nothing. The answer's status is the route's own
(`status_code=201` on a create).
Business times go through `at`, the office's one rule (`shared.business_time`).

A route that reads takes one `Ask` (an `Inquiry`: the caller, the registry, the time zone and the
session), and its filters as one query model:

    @router.get("/materials")
    async def list_materials(ask: Ask, paging: Paging, filters: Annotated[MaterialFilters, Query()]):
        return await ask.page(service.material_list(ask.caller, filters), key=..., read=..., paging=paging)
"""

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, Request, Response
from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from shared.app import db_session
from shared.auth import Caller, CurrentCaller
from shared.business_time import business_time, office_zone
from shared.envelope import utcnow
from shared.errors import Forbidden
from shared.idempotency import KeyHeader, body_fingerprint, commit_once
from shared.pagination import Page, PageRequest, page
from shared.schemas import reader
from shared.units import UnitRegistry

Reader = type[BaseModel] | Callable[[Any], Any]
"""How a change's record becomes the answer: an answer model, or a function (may be async)."""


@dataclass(frozen=True, slots=True)
class Inquiry:
    """A request: who asks, in which office, on which session. A read takes it as `Ask`."""

    session: AsyncSession
    caller: Caller
    units: UnitRegistry
    timezone: ZoneInfo

    def today(self) -> date:
        """Today in the office's time zone."""
        return utcnow().astimezone(self.timezone).date()

    async def page(
        self, query: Select[Any], *, key: InstrumentedAttribute[Any], read: Any, paging: PageRequest
    ) -> Page[Any]:
        """One page of `query` ordered by `key` (unique), each row read as `read`."""
        return await page(self.session, query, key=key, read=read, paging=paging)


@dataclass(frozen=True, slots=True)
class Command(Inquiry):
    """A state-changing request (an `Inquiry` that changes something), answered once per key."""

    key: str | None = None
    route: str = ""
    fingerprint: str | None = None
    status_code: int = 200
    now: datetime = field(default_factory=utcnow)
    response: Response | None = None

    @property
    def alone(self) -> bool:
        """Nothing but the change commits with it (no `Idempotency-Key` answer to store): a change
        that is a single statement may be its own transaction (`shared.numbering`)."""
        return self.key is None

    def at(self, at: datetime | None, *, field: str = "at") -> datetime:
        """The business time of the action, in UTC, by the office's one rule."""
        return business_time(self.caller, at, field=field)

    def acting_unit(self, unit: str | None, refusal: str, *, field: str = "unit") -> str:
        """The unit the change is for (`unit`, default the caller's): a known one the caller may act
        for, else 403 with `refusal` (its `{unit}` filled in)."""
        unit = unit or self.caller.unit
        self.units.require(unit, field)
        if not self.caller.may_act_for(unit):
            raise Forbidden(refusal.format(unit=unit))
        return unit

    async def answer(
        self, change: Awaitable[Any], read: Reader, *, status: Callable[[Any], int] | None = None
    ) -> Any:
        """Run the change, answer its record as `read`, commit (once per `Idempotency-Key`).

        `status` gives the answer's status from the record where the route's own does not
        fit every answer (a `PUT` that creates, 201, or replaces, 200).
        """
        code = self.status_code

        async def produce() -> Any:
            nonlocal code
            record = await change
            if status is not None:
                code = status(record)
                if self.response is not None:
                    self.response.status_code = code
            return await _read(read, record)

        try:
            return await commit_once(
                self.session,
                caller=self.caller,
                key=self.key,
                route=self.route,
                fingerprint=self.fingerprint,
                produce=produce,
                status_code=lambda: code,
            )
        finally:
            if inspect.iscoroutine(change):
                change.close()  # not awaited when the key answered a stored answer


def created_or_replaced(stored: tuple[Any, bool]) -> int:
    """The status of a `PUT` whose change answers `(record, created)`: 201 created, 200 replaced."""
    return 201 if stored[1] else 200


async def _read(read: Reader, record: Any) -> Any:
    answer = reader(read)(record)
    return await answer if inspect.isawaitable(answer) else answer


def office_timezone(request: Request) -> ZoneInfo:
    """The office's time zone by the service's settings (`OFFICE_TIMEZONE` without them)."""
    settings = getattr(request.app.state, "settings", None)
    name = getattr(settings, "timezone", None)
    return ZoneInfo(name) if name else office_zone()


async def _office_zone(request: Request) -> ZoneInfo:
    return office_timezone(request)  # a plain `def` dependency would run on a worker thread


OfficeZone = Annotated[ZoneInfo, Depends(_office_zone)]
"""The office's time zone, where neither an `Ask` nor a `Cmd` is taken."""


async def inquiry(request: Request, caller: CurrentCaller) -> Inquiry:
    """The FastAPI dependency behind `Ask` (the request's session is taken, not depended on: each
    sub-dependency costs on every request)."""
    return Inquiry(await db_session(request), caller, request.app.state.registry, office_timezone(request))


Ask = Annotated[Inquiry, Depends(inquiry)]


async def command(
    request: Request, response: Response, caller: CurrentCaller, key: KeyHeader = None
) -> Command:
    """The FastAPI dependency behind `Cmd` (few sub-dependencies: each costs on every request, so
    the request's session is taken, not depended on).

    The body is read (Starlette keeps it for the route) and hashed only when a key is sent."""
    route = request.scope.get("route")
    return Command(
        session=await db_session(request),
        caller=caller,
        units=request.app.state.registry,
        timezone=office_timezone(request),
        key=key,
        route=f"{request.method} {request.scope['path']}"[:300],
        fingerprint=None if key is None else await _fingerprint(request),
        status_code=getattr(route, "status_code", None) or 200,
        response=response,
    )


async def _fingerprint(request: Request) -> str:
    return body_fingerprint(await request.body(), request.headers.get("content-type", ""))


Cmd = Annotated[Command, Depends(command)]
