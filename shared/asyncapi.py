"""The event catalogue: FastStream's AsyncAPI 3.0 document of a service's broker.

`declare_publishers` declares on a broker one publisher for each of a service's contracts
(`office.<service>.<entity>.<action>`, the CloudEvents envelope with the contract as `data`)
and, for notify, the `units.{unit}.…` channels it republishes to; the consumers are the
broker's subscribers already. `document` answers FastStream's `AsyncAPI(broker, "3.0.0")`, for a
running service's broker (`/asyncapi.json`) or one declared alike (`shared.app.catalogue`).
"""

import importlib
import pkgutil
from typing import Any, Literal

from faststream.nats import JStream, NatsBroker
from faststream.specification import AsyncAPI
from pydantic import create_model

import shared.contracts
from shared.contracts.base import EventData
from shared.envelope import Envelope
from shared.settings import ServiceSettings

UNITS_PERMISSIONS = (
    "Each subordinate unit reads only its own channels: its NATS user (deploy/nats) may call the"
    " consumer API of its durable pull consumer `unit_<CODE>` (filter `units.<CODE>.>`) on stream"
    " UNITS and nothing else; notify pre-creates those consumers and alone publishes here."
)

UNIT_PARAMETER = "The code of a registry unit (`GET /api/v1/units`), one subject token: GO, NNCB, …"


PACKAGE = f"{shared.contracts.__name__}."


def contracts() -> list[type[EventData]]:
    """Every event contract of `shared/contracts/` (not a test's own), in subject order."""
    for module in pkgutil.iter_modules(shared.contracts.__path__):
        importlib.import_module(f"shared.contracts.{module.name}")
    found = {c for c in _subclasses(EventData) if _concrete(c) and c.__module__.startswith(PACKAGE)}
    return sorted(found, key=lambda c: (c.subject(), c.version))


def _subclasses(cls: type[EventData]) -> list[type[EventData]]:
    direct = cls.__subclasses__()
    return direct + [s for d in direct for s in _subclasses(d)]


def _concrete(cls: type[EventData]) -> bool:
    return all(isinstance(getattr(cls, name, None), str) for name in ("service", "entity", "action"))


def event_model(contract: type[EventData]) -> type[Envelope]:
    """The CloudEvents envelope of one contract: its `type` fixed and its `data` typed."""
    event_type = contract.event_type()
    return create_model(
        f"{contract.__name__}V{contract.version}",
        __base__=Envelope,
        __doc__=(contract.__doc__ or contract.__name__).strip().splitlines()[0],
        type=(Literal[event_type], event_type),  # type: ignore[arg-type]
        data=(contract, ...),
    )


def declare_service(broker: NatsBroker, settings: ServiceSettings) -> None:
    """Document on a service's broker what it publishes (notify: with its units' channels)."""
    units_stream, units_root = (
        getattr(settings, "units_stream", None),
        getattr(settings, "units_subject_root", None),
    )
    units = (units_stream, units_root) if units_stream and units_root else None
    declare_publishers(broker, settings.service, stream=settings.stream_name, units=units)


def declare_publishers(
    broker: NatsBroker, service: str, *, stream: str, units: tuple[str, str] | None = None
) -> None:
    """Document what a service publishes; `units` = (stream, root) for notify."""
    office = JStream(stream, declare=False)
    for contract in (c for c in contracts() if c.service == service):
        broker.publisher(
            contract.subject(),
            stream=office,
            schema=event_model(contract),
            title=f"{contract.subject()}:send",
            description=f"{contract.event_type()}, header Nats-Msg-Id = id, traceparent the trace.",
        )
    if units is not None:
        _declare_unit_channels(broker, units)


def _declare_unit_channels(broker: NatsBroker, units: tuple[str, str]) -> None:
    """notify's republication: every event that concerns a unit, on `units.{unit}.<subject>`."""
    stream, root = units
    unit_stream = JStream(stream, declare=False)
    for contract in contracts():
        if contract.service == "notify":
            continue
        rest = contract.subject().split(".", 1)[1]
        broker.publisher(
            f"{root}.{{unit}}.{rest}",
            stream=unit_stream,
            schema=event_model(contract),
            title=f"{root}.unit.{rest}:send",
            description=f"The event unchanged, for the unit it concerns. {UNITS_PERMISSIONS}",
        )


def document(service: str | None, broker: NatsBroker) -> dict[str, Any]:
    """The catalogue of a broker's publishers and subscribers: one service's, or every one's."""
    spec = AsyncAPI(
        broker,
        title=f"办公室 events{f' of {service}' if service else ''}",
        version="1.0.0",
        description=(
            "CloudEvents 1.0 (structured JSON) on NATS JetStream, stream OFFICE on `office.>`"
            " (and UNITS on `units.>`, notify's republication); header Nats-Msg-Id = event id."
        ),
        schema_version="3.0.0",
    )
    jsonable: dict[str, Any] = spec.to_specification().to_jsonable()
    for channel in jsonable.get("channels", {}).values():
        if "{unit}" in channel["address"]:
            channel["parameters"] = {"unit": {"description": UNIT_PARAMETER}}
    return jsonable
