"""Fixtures of the duty roster tests: those of the logistics tests, and rosters to publish."""

from datetime import date, timedelta
from typing import Any

from tests.integration.logistics.conftest import logistics, tap  # noqa: F401  (fixtures)
from tests.support import token

LEADERS = ["lao-wang", "lao-li"]
STAFF_ON_DUTY = ["xiao-zhang", "xiao-liu", "xiao-chen"]
NAMES = {
    "lao-wang": "王建国",
    "lao-li": "李明",
    "xiao-zhang": "张伟",
    "xiao-liu": "刘洋",
    "xiao-chen": "陈静",
}


def caller(sub: str, roles: tuple[str, ...] = ("liaison",), unit: str = "GO") -> dict[str, str]:
    return token(sub=sub, unit=unit, roles=roles)


def on_duty(sub: str) -> dict[str, Any]:
    return {"person": sub, "name": NAMES[sub], "unit": "GO", "phone": "0771-2800000"}


def roster(start: str = "2022-10-01", days: int = 7, **extra: Any) -> dict[str, Any]:
    """A roster from `start` for `days` days: leaders by turns of two, one of three staff a day."""
    first = date.fromisoformat(start)
    return {
        "start": start,
        "end": (first + timedelta(days=days - 1)).isoformat(),
        "days": [
            {
                "date": (first + timedelta(days=n)).isoformat(),
                "leader": on_duty(LEADERS[n % 2]),
                "staff": [on_duty(STAFF_ON_DUTY[n % 3])],
            }
            for n in range(days)
        ],
        **extra,
    }


def shift_of(published: dict[str, Any], day: str, role: str = "staff") -> dict[str, Any]:
    found = next(d for d in published["days"] if d["date"] == day)
    result: dict[str, Any] = found["leader"] if role == "leader" else found["staff"][0]
    return result
