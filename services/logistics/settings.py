"""Settings of the logistics service (prefix `LOGISTICS_`).

The reception limits are the office's own standard (公务接待标准), in yuan per head:
`LOGISTICS_MEAL_LIMIT_PER_HEAD_PER_DAY`, `LOGISTICS_LODGING_LIMIT_PER_HEAD_PER_NIGHT`;
escorts at table (陪餐) are at most `LOGISTICS_ESCORTS_SMALL_PARTY` for a party of up
to `LOGISTICS_SMALL_PARTY` guests, else a third of the guests.

A duty shift (值班) starts at `LOGISTICS_DUTY_SHIFT_START` office time on its day and lasts
`LOGISTICS_DUTY_SHIFT_HOURS`; the person on it is reminded `LOGISTICS_DUTY_REMIND_HOURS_BEFORE`
hours before (one number or several, `16` or `16,1`: by default 16:00 the day before).
"""

from datetime import time
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BeforeValidator, Field
from pydantic_settings import NoDecode, SettingsConfigDict

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

    duty_shift_start: time = Field(time(8, 0), description="when a day's duty shift starts, office time")
    duty_shift_hours: int = Field(24, ge=1, le=24)
    duty_remind_hours_before: Annotated[tuple[float, ...], NoDecode, BeforeValidator(lambda v: _hours(v))] = (
        Field(
            (16.0,),
            description="reminders before each shift, in hours (16: 16:00 the day before an 08:00 shift)",
        )
    )
    duty_reminder_scan_s: float = Field(30.0, gt=0, description="how often due duty reminders are sent")


def _hours(value: Any) -> Any:
    """`16`, `16,1`, `[16, 1]` or a sequence: the reminder offsets in hours, none negative."""
    if isinstance(value, str):
        value = [part for part in value.strip("[] ").replace(" ", "").split(",") if part]
    elif isinstance(value, int | float):
        value = [value]
    hours = tuple(float(v) for v in value)
    if not hours or any(not 0 <= h < 1e6 for h in hours):
        raise ValueError("提醒时间须为不小于 0 的小时数 (each reminder a number of hours >= 0)")
    return tuple(sorted(set(hours), reverse=True))


async def settings_of(request: Request) -> LogisticsSettings:
    """The running service's settings (the dependency behind `Settings`)."""
    settings: LogisticsSettings = request.app.state.settings
    return settings


Settings = Annotated[LogisticsSettings, Depends(settings_of)]
