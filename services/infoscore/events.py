"""What the infoscore service publishes and consumes."""

from shared.consumer import ConsumerSpec


def consumers() -> list[ConsumerSpec]:
    return []
