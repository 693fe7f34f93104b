"""The event catalogue as an AsyncAPI 3.0 document, made from the typed contracts.

Every concrete `EventData` subclass (one with a subject) is a message on its channel
`office.<service>.<entity>.<action>`, wrapped in the CloudEvents envelope.
"""

import importlib
import pkgutil
from typing import Any

import shared.contracts
from shared.contracts.base import EventData
from shared.envelope import Envelope


def contracts() -> list[type[EventData]]:
    """Every event contract, in subject order."""
    for module in pkgutil.iter_modules(shared.contracts.__path__):
        importlib.import_module(f"shared.contracts.{module.name}")
    found = {c for c in _subclasses(EventData) if _concrete(c)}
    return sorted(found, key=lambda c: (c.subject(), c.version))


def _subclasses(cls: type[EventData]) -> list[type[EventData]]:
    direct = cls.__subclasses__()
    return direct + [s for d in direct for s in _subclasses(d)]


def _concrete(cls: type[EventData]) -> bool:
    return all(isinstance(getattr(cls, name, None), str) for name in ("service", "entity", "action"))


def document(service: str | None = None) -> dict[str, Any]:
    """The catalogue (of one service's events, or of all)."""
    chosen = [c for c in contracts() if service is None or c.service == service]
    envelope = Envelope.model_json_schema()
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for contract in chosen:
        name = f"{contract.__name__}V{contract.version}"
        messages[name] = _message(contract, envelope)
        channel = contract.subject().replace(".", "_")
        channels.setdefault(channel, {"address": contract.subject(), "messages": {}})
        channels[channel]["messages"][name] = {"$ref": f"#/components/messages/{name}"}
        operations[f"publish{name}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel}"},
            "messages": [{"$ref": f"#/channels/{channel}/messages/{name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"办公室 events{f' of {service}' if service else ''}",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 on NATS JetStream, stream OFFICE; header Nats-Msg-Id = id.",
        },
        "servers": {"nats": {"host": "localhost:4222", "protocol": "nats"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def _message(contract: type[EventData], envelope: dict[str, Any]) -> dict[str, Any]:
    payload = {**envelope, "title": contract.__name__}
    payload["properties"] = {
        **envelope["properties"],
        "type": {"const": contract.event_type()},
        "data": contract.model_json_schema(),
    }
    return {
        "name": contract.event_type(),
        "title": contract.__name__,
        "summary": (contract.__doc__ or "").strip().splitlines()[0] if contract.__doc__ else "",
        "contentType": "application/cloudevents+json",
        "headers": {
            "type": "object",
            "properties": {"Nats-Msg-Id": {"type": "string"}, "traceparent": {"type": "string"}},
        },
        "payload": payload,
    }
