"""What the infoscore service consumes (nothing yet); what it publishes is built per
sub-domain (`rules/events.py`, `submissions/events.py`, ...) from shared.contracts.infoscore."""

from shared.consumer import ConsumerSpec


def consumers() -> list[ConsumerSpec]:
    return []
