"""Settings of the aggregate service (prefix `AGGREGATE_`)."""

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from shared.settings import PROJECT_ROOT, SERVICE_PORTS, ServiceSettings

SAMPLE_PROFILE_FILE = PROJECT_ROOT / "shared" / "data" / "profile.yaml"


class AggregateSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AGGREGATE_", extra="ignore", frozen=True)

    service: str = "aggregate"
    port: int = SERVICE_PORTS["aggregate"]
    # Larger batches than the other services: a batch costs one transaction and one
    # statement per distinct figure, so a rebuild of a million events wants few of them.
    profile_file: Path = Field(
        SAMPLE_PROFILE_FILE,
        validation_alias=AliasChoices("OFFICE_PROFILE_FILE"),
        description="the department's names and standing facts (YAML)",
    )
    consumer_batch: int = Field(
        1000, validation_alias=AliasChoices("OFFICE_CONSUMER_BATCH"), description="events per transaction"
    )
    dashboard_login_form: bool = Field(
        True, description="the dashboard's sign-in form; off behind a gateway that forwards Authorization"
    )
    dashboard_cookie_secure: bool = Field(False, description="the session cookie over https only")
    dashboard_notify_url: str = Field(
        "http://127.0.0.1:8105", max_length=200, description="where the dashboard's page reads the to-do list"
    )
    dashboard_poll_s: float = Field(10.0, gt=0, description="how often the page looks for new figures")
