"""Two generated years across the services, through their REST APIs on the real launcher:
the aggregate's figures equal what this test counts by itself from the same scenario."""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import httpx
import pytest

from shared.settings import SERVICE_PORTS
from tests.e2e.conftest import Launcher, free_ports, healthy, wait_until
from tests.support import TEST_SECRET, token

UNITS = ["GO", "NNCB", "LZCB", "GLCB", "PTY", "SAF"]
CHANNELS = ["oa", "intranet", "paper", "email", "courier"]
KINDS = ["coordination", "promotion", "dispatch", "onsite", "consultation", "party_group", "office_affairs",
         "theme_party_day", "group_study", "warning_education", "integrity_talk", "other"]  # fmt: skip
LEVEL_POINTS = {
    2021: {"national": 8, "provincial": 4, "department": 1},
    2022: {"national": 10, "provincial": 5, "department": 2},
}
STAFF = token(roles=("staff", "admin", "leader"), clearance="top_secret")


@dataclass
class Expected:
    """What the office should report, counted by the test from its own scenario."""

    counts: Counter[tuple[str, int, str]] = field(default_factory=Counter)  # (metric, year, unit)

    def add(self, metric: str, year: int, unit: str, amount: int = 1) -> None:
        self.counts[(metric, year, unit)] += amount
        self.counts[(metric, year, "*")] += amount

    def of(self, metric: str, year: int, unit: str = "*") -> int:
        return self.counts[(metric, year, unit)]


def moment(rng: random.Random, year: int) -> datetime:
    start = datetime.fromisoformat(f"{year}-01-01T08:00:00+08:00")
    return start + timedelta(days=rng.randrange(360), hours=rng.randrange(9))


class Suite:
    """HTTP clients of the running services, as the portal holds them."""

    def __init__(self, ports: dict[str, int]) -> None:
        self.clients = {
            name: httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=STAFF, timeout=30)
            for name, port in ports.items()
        }

    def close(self) -> None:
        for client in self.clients.values():
            client.close()

    def post(self, service: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = self.clients[service].post(f"/api/v1{path}", json=body)
        assert answer.status_code in (200, 201), answer.text
        return answer.json()  # type: ignore[no-any-return]

    def put(self, service: str, path: str, body: dict[str, Any]) -> None:
        answer = self.clients[service].put(f"/api/v1{path}", json=body)
        assert answer.status_code in (200, 201), answer.text

    def get(self, service: str, path: str, **params: Any) -> Any:
        answer = self.clients[service].get(f"/api/v1{path}", params=params)
        assert answer.status_code == 200, answer.text
        return answer.json()


def incoming(suite: Suite, rng: random.Random, expected: Expected) -> None:
    for year in (2021, 2022):
        for _ in range(rng.randrange(25, 40)):
            unit, channel = rng.choice(UNITS), rng.choice(CHANNELS)
            classification = rng.choice(["none"] * 4 + ["secret", "confidential"])
            when = moment(rng, year)
            body = {"title": "来文", "source_org": "省政府办公厅", "channel": channel, "unit": unit,
                    "classification": classification, "received_at": when.isoformat()}  # fmt: skip
            suite.post("docs", "/incoming", body)
            part = (
                "classified"
                if classification != "none"
                else channel
                if channel in ("oa", "intranet")
                else "paper_email"
            )
            expected.add("received.total", year, unit)
            expected.add(f"received.{part}", year, unit)


def meetings(suite: Suite, rng: random.Random, expected: Expected) -> None:
    for year in (2021, 2022):
        for _ in range(rng.randrange(15, 25)):
            kind, unit, when = rng.choice(KINDS), rng.choice(UNITS), moment(rng, year)
            outside = ["自治区发展改革委"] if kind == "other" and rng.random() < 0.5 else []
            provincial = rng.random() < 0.3
            body = {"title": "会议", "kind": kind, "provincial_stat": provincial, "external_units": outside,
                    "organizer_unit": unit, "room": None, "start": when.isoformat(),
                    "end": (when + timedelta(hours=1)).isoformat(),
                    "attendees": ["张三"], "attendee_units": [unit]}  # fmt: skip
            created = suite.post("meetings", "/meetings", body)
            if rng.random() < 0.2:
                suite.post("meetings", f"/meetings/{created['id']}/cancel", {"reason": "改期"})
                continue
            expected.add("meetings.total", year, unit)
            expected.add("meetings.provincial_stat", year, unit, int(provincial))
            working = kind in ("coordination", "promotion", "dispatch", "onsite", "consultation")
            expected.add("meetings.working", year, unit, int(working))
            expected.add("meetings.external_other", year, unit, int(bool(outside)))
            expected.add("meetings.party_group", year, unit, int(kind == "party_group"))


def information(suite: Suite, rng: random.Random, expected: Expected) -> None:
    for year, points in LEVEL_POINTS.items():
        suite.put("infoscore", f"/scoring-rules/{year}", {"points": points, "instruction_bonus": 3})
        for _ in range(rng.randrange(15, 25)):
            unit, when = rng.choice(UNITS), moment(rng, year)
            category = rng.choice(["government", "party"])
            body = {"unit": unit, "title": "信息", "body": "正文", "category": category,
                    "submitted_at": when.isoformat()}  # fmt: skip
            submission = suite.post("infoscore", "/submissions", body)
            expected.add("info.submitted", year, unit)
            if rng.random() < 0.5:
                continue
            level, instruction = rng.choice(list(points)), rng.random() < 0.2
            adopted_at = when + timedelta(days=rng.randrange(0, 3))
            if adopted_at.year != year:
                adopted_at = when
            adoption = suite.post("infoscore", f"/submissions/{submission['id']}/adoptions",
                                  {"level": level, "outlet": "刊物", "adopted_at": adopted_at.isoformat(),
                                   "instruction": instruction})  # fmt: skip
            if rng.random() < 0.15:
                suite.post("infoscore", f"/adoptions/{adoption['id']}/withdraw", {"reason": "误录"})
                continue
            expected.add("info.adopted", year, unit)
            expected.add("info.points", year, unit, points[level] + (3 if instruction else 0))


@pytest.mark.e2e
@pytest.mark.timeout(600)
def test_two_generated_years_give_the_figures_counted_independently(launch: Callable[..., Launcher]) -> None:
    ports = dict(zip(SERVICE_PORTS, free_ports(len(SERVICE_PORTS)), strict=True))
    launch(ports, env={"OFFICE_JWT_SECRET": TEST_SECRET})
    for name, port in ports.items():
        wait_until(partial(healthy, port), 120, f"{name} /healthz")
    suite, rng, expected = Suite(ports), random.Random(2022), Expected()
    try:
        incoming(suite, rng, expected)
        meetings(suite, rng, expected)
        information(suite, rng, expected)
        check_figures(suite, expected)
    finally:
        suite.close()


def check_figures(suite: Suite, expected: Expected) -> None:

    def settled() -> bool:
        status = suite.get("aggregate", "/admin/status")
        total = suite.get("aggregate", "/stats/2022")["docs"]["received"]["total"]["value"]
        return bool(status["lag"] == 0 and total == expected.of("received.total", 2022))

    wait_until(settled, 60, "the aggregate caught up")
    for unit in ("*", "NNCB", "PTY"):
        stats = suite.get("aggregate", "/stats/2022", **({} if unit == "*" else {"unit": unit}))
        received = stats["docs"]["received"]
        for part in ("total", "oa", "intranet", "paper_email", "classified"):
            assert received[part]["value"] == expected.of(f"received.{part}", 2022, unit), (unit, part)
            assert received[part]["prev"] == expected.of(f"received.{part}", 2021, unit), (unit, part)
        for group in ("total", "provincial_stat", "working", "external_other", "party_group"):
            assert stats["meetings"][group] == expected.of(f"meetings.{group}", 2022, unit), (unit, group)
        info = stats["infoscore"]
        assert (info["submitted"], info["adopted"], info["points"]) == tuple(
            expected.of(f"info.{m}", 2022, unit) for m in ("submitted", "adopted", "points")
        ), unit
        assert info["points_prev"] == expected.of("info.points", 2021, unit)

    table = suite.get("aggregate", "/stats/2022/units")
    ranking = {r["unit"]: r["value"] for r in table["rankings"]["infoscore.points"]}
    assert all(ranking[u] == expected.of("info.points", 2022, u) for u in UNITS)
