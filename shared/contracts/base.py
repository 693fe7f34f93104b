"""The base of every event contract and the envelope wrapping."""

from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict

from shared.envelope import Envelope, utcnow


class EventData(BaseModel):
    """An event's `data`; subclasses set the subject parts and the version."""

    model_config = ConfigDict(extra="ignore")

    service: ClassVar[str]
    entity: ClassVar[str]
    action: ClassVar[str]
    version: ClassVar[int] = 1

    @classmethod
    def subject(cls, root: str = "office") -> str:
        return f"{root}.{cls.service}.{cls.entity}.{cls.action}"

    @classmethod
    def event_type(cls, root: str = "office") -> str:
        return f"{cls.subject(root)}.v{cls.version}"

    @classmethod
    def from_envelope(cls, envelope: Envelope) -> Self:
        return cls.model_validate(envelope.data)


def envelope_for(
    data: EventData,
    *,
    subject: str,
    unit: str | None,
    actor: str | None,
    time: datetime | None = None,
    root: str = "office",
    actor_unit: str | None = None,
    actor_roles: Iterable[str] = (),
) -> Envelope:
    """Wrap event data in a new envelope; `subject` is the record id."""
    return Envelope(
        source=f"{root}/{data.service}",
        type=data.event_type(root),
        time=time or utcnow(),
        subject=subject,
        data=data.model_dump(mode="json"),
        unit=unit,
        actor=actor,
        actorunit=actor_unit,
        actorroles=" ".join(sorted(actor_roles)) or None,
    )
