"""The CloudEvents 1.0 structured envelope every event travels in (README: Events; `office asyncapi`)."""

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.ids import new_event_id


def utcnow() -> datetime:
    return datetime.now(UTC)


class Envelope(BaseModel):
    """A CloudEvent; readers tolerate fields they do not know."""

    model_config = ConfigDict(extra="allow")

    specversion: str = "1.0"
    id: str = Field(default_factory=new_event_id)
    source: str
    type: str
    time: datetime = Field(default_factory=utcnow)
    subject: str
    datacontenttype: str = "application/json"
    data: dict[str, Any]
    unit: str | None = None
    actor: str | None = None
    # the actor's unit and roles (space-separated), for a consumer that authorises what it is told
    actorunit: str | None = None
    actorroles: str | None = None

    @property
    def nats_subject(self) -> str:
        """`office.docs.incoming.registered` for type `office.docs.incoming.registered.v1`."""
        return self.type.rsplit(".", 1)[0]

    @property
    def version(self) -> int:
        return int(self.type.rsplit(".v", 1)[1])
