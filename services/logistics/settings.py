"""Settings of the logistics service (prefix `LOGISTICS_`).

The reception limits are the office's own standard (公务接待标准), in yuan per head:
`LOGISTICS_MEAL_LIMIT_PER_HEAD_PER_DAY`, `LOGISTICS_LODGING_LIMIT_PER_HEAD_PER_NIGHT`;
escorts at table (陪餐) are at most `LOGISTICS_ESCORTS_SMALL_PARTY` for a party of up
to `LOGISTICS_SMALL_PARTY` guests, else a third of the guests.
"""

from decimal import Decimal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import SERVICE_PORTS, ServiceSettings


class LogisticsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LOGISTICS_", extra="ignore", frozen=True)

    service: str = "logistics"
    port: int = SERVICE_PORTS["logistics"]

    meal_limit_per_head_per_day: Decimal = Field(Decimal("150"), ge=0)
    lodging_limit_per_head_per_night: Decimal = Field(Decimal("380"), ge=0)
    small_party: int = Field(10, ge=1)
    escorts_small_party: int = Field(3, ge=0)
    inspection_scan_s: float = Field(3600.0, gt=0, description="how often missed inspections are recorded")
