"""Unit subscriptions over NATS: what concerns a unit, republished on `units.<code>.>` (stream UNITS)."""
