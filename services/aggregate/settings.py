"""Settings of the aggregate service (prefix `AGGREGATE_`)."""

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from shared.settings import SERVICE_PORTS, ServiceSettings


class AggregateSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AGGREGATE_", extra="ignore", frozen=True)

    service: str = "aggregate"
    port: int = SERVICE_PORTS["aggregate"]
    # Larger batches than the other services: a batch costs one transaction and one
    # statement per distinct figure, so a rebuild of a million events wants few of them.
    consumer_batch: int = Field(
        1000, validation_alias=AliasChoices("OFFICE_CONSUMER_BATCH"), description="events per transaction"
    )
