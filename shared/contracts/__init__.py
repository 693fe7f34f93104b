"""Typed event contracts: one pydantic model per event, named in the past tense.

Each contract knows its subject (`office.<service>.<entity>.<action>`) and version;
`envelope_for` wraps an instance in the CloudEvents envelope.
"""

from shared.contracts.base import EventData, envelope_for
from shared.contracts.docs import IncomingRegistered

__all__ = ["EventData", "IncomingRegistered", "envelope_for"]
