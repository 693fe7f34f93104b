"""Answers of unit subscriptions over NATS."""

from pydantic import BaseModel, Field


class NatsSubscription(BaseModel):
    unit: str
    stream: str
    subjects: str = Field(description="what the unit may subscribe to")
    consumer: str = Field(description="the unit's durable pull consumer on the stream (also its NATS user)")
    inbox_prefix: str = Field(
        description="connect with this inbox prefix: replies to others' inboxes are refused"
    )
