"""Settings of the aggregate service (prefix `AGGREGATE_`)."""

from pydantic_settings import SettingsConfigDict

from shared.settings import SERVICE_PORTS, ServiceSettings


class AggregateSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AGGREGATE_", extra="ignore", frozen=True)

    service: str = "aggregate"
    port: int = SERVICE_PORTS["aggregate"]
