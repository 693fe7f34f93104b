"""Figure 4: a year of a million events: its statistics and report, and a rebuild of it.

Stream OFFICE of a fresh nats-server is filled with `events` events of one year, spread
over its days and the 33 units of the registry, in the proportions of an office's work
(`MIX`: registrations, dispatches, information submissions and adoptions, materials,
meetings, trips, disclosures), each valid against its contract. Then, on the aggregate
(a process on an empty SQLite database):

- live: timed from when it answers HTTP until it has applied every event;
- reads: each GET the portal makes for the year (statistics, per unit, the report in its
  four forms) asked once cold, then `reads` times in turn: p50 and p99 of those;
- rebuild: `POST /api/v1/admin/rebuild`, timed until the new generation is live; its
  figures must equal the live ones, or the figure fails.
"""

import asyncio
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.ingest import Message, publish_messages
from bench.processes import BENCH_SECRET, CpuMeter, Processes
from bench.rawhttp import Pool
from bench.workload import YEAR, percentile
from shared.auth import issue_token
from shared.contracts import IncomingRegistered, envelope_for
from shared.contracts.base import EventData
from shared.contracts.docs import MaterialRecorded, OutgoingDispatched, Recipient
from shared.contracts.infoscore import AdoptionRecorded, DisclosurePublished, SubmissionReceived
from shared.contracts.logistics import TripCompleted
from shared.contracts.meetings import MeetingScheduled
from shared.envelope import Envelope
from shared.settings import SAMPLE_UNITS_FILE
from shared.units import UnitRegistry

OFFICE_TZ = ZoneInfo("Asia/Shanghai")
YEAR_START = datetime(YEAR, 1, 1, 9, 0, tzinfo=OFFICE_TZ)
YEAR_SPAN = timedelta(days=364)
UNITS = tuple(u.code for u in UnitRegistry.load(SAMPLE_UNITS_FILE).units)
READS = {
    "stats": f"/api/v1/stats/{YEAR}",
    "stats per unit": f"/api/v1/stats/{YEAR}/units",
    "stats of a unit": f"/api/v1/stats/{YEAR}?unit=NNCB",
    "report json": f"/api/v1/reports/annual/{YEAR}",
    "report markdown": f"/api/v1/reports/annual/{YEAR}?format=markdown",
    "report html": f"/api/v1/reports/annual/{YEAR}?format=html",
    "report docx": f"/api/v1/reports/annual/{YEAR}?format=docx",
    "dashboard": f"/dashboard?year={YEAR}",  # the page, with its bearer token as a gateway forwards it
}
POLL_S = 0.1  # each poll costs the aggregate a query and a NATS request


@dataclass
class YearResult:
    events: int
    kinds: Counter[str] = field(default_factory=Counter)
    publish_s: float = 0.0
    startup_s: float = 0.0
    live_s: float = 0.0
    reads_ms: dict[str, list[float]] = field(default_factory=dict)
    rebuild_s: float = 0.0
    rebuild_equal: bool = False
    cpu_live: dict[str, float] = field(default_factory=dict)
    cpu_rebuild: dict[str, float] = field(default_factory=dict)

    @property
    def live_rate(self) -> float:
        return self.events / self.live_s if self.live_s else 0.0

    @property
    def rebuild_rate(self) -> float:
        return self.events / self.rebuild_s if self.rebuild_s else 0.0


def _when(i: int, events: int) -> datetime:
    return YEAR_START + (i * YEAR_SPAN) / events


def _registered(i: int, at: datetime, unit: str) -> EventData:
    secret = i % 20 == 0
    return IncomingRegistered(
        id=f"in{i}",
        reg_no=f"收〔{YEAR}〕{i}号",
        title=None if secret else "关于做好政务信息工作的通知",
        source_org="省政府办公厅",
        source_ref=None,
        channel=("oa", "intranet", "paper", "email", "courier")[i % 5],
        classification="secret" if secret else "none",
        urgency="normal",
        received_at=at,
        unit=unit,
    )


def _dispatched(i: int, at: datetime, unit: str) -> EventData:
    return OutgoingDispatched(
        id=f"out{i}",
        kind="notice",
        issuer_code="桂办发",
        drafting_unit=unit,
        classification="none",
        urgency="normal",
        at=at,
        doc_no=f"桂办发〔{YEAR}〕{i}号",
        title="关于印发工作要点的通知",
        dispatched_at=at,
        recipients=[Recipient(name="南宁市局", role="main", unit="NNCB")],
        recipient_units=["NNCB"],
    )


def _submitted(i: int, at: datetime, unit: str) -> EventData:
    return SubmissionReceived(
        id=f"sub{i}",
        unit=unit,
        category="government",
        title="工作动态",
        submitted_at=at,
        year=at.year,
        month=at.month,
    )


def _adopted(i: int, at: datetime, unit: str) -> EventData:
    level = ("department", "provincial", "national")[i % 3]
    return AdoptionRecorded(
        id=f"ad{i}",
        submission_id=f"sub{i}",
        unit=unit,
        category="government",
        level=level,
        outlet="政务信息专报",
        instruction=i % 50 == 0,
        points={"department": 1, "provincial": 3, "national": 10}[level],
        adopted_at=at,
        year=at.year,
        month=at.month,
    )


def _material(i: int, at: datetime, unit: str) -> EventData:
    return MaterialRecorded(id=f"mat{i}", kind="report", title="工作总结", unit=unit, completed_at=at)


def _meeting(i: int, at: datetime, unit: str) -> EventData:
    return MeetingScheduled(
        id=f"mt{i}",
        title="工作推进会",
        kind=("coordination", "party_group", "office_affairs")[i % 3],
        provincial_stat=i % 2 == 0,
        external_units=[],
        organizer_unit=unit,
        room="第一会议室",
        start=at,
        end=at + timedelta(hours=2),
        attendees=[],
        attendee_units=[unit],
    )


def _trip(i: int, at: datetime, unit: str) -> EventData:
    return TripCompleted(
        id=f"trip{i}",
        unit=unit,
        at=at,
        vehicle_id="V1",
        driver_id=None,
        start=at,
        end=at + timedelta(hours=3),
        mileage_km=40,
    )


def _disclosure(i: int, at: datetime, unit: str) -> EventData:
    return DisclosurePublished(
        id=f"pub{i}", title="政府信息公开", category="政策文件", published_at=at, year=at.year, month=at.month
    )


Maker = Callable[[int, datetime, str], EventData]
# Out of every 100 events: what an office's year is made of, registrations first.
MIX: list[tuple[str, Maker, int]] = [
    ("registered", _registered, 50),
    ("submitted", _submitted, 15),
    ("adopted", _adopted, 12),
    ("dispatched", _dispatched, 10),
    ("material", _material, 5),
    ("meeting", _meeting, 4),
    ("trip", _trip, 3),
    ("disclosure", _disclosure, 1),
]
SLOTS = [(name, make) for name, make, weight in MIX for _ in range(weight)]


def year_event(i: int, events: int) -> tuple[str, Envelope]:
    """The i-th event of the year, and its kind."""
    name, make = SLOTS[i % len(SLOTS)]
    at = _when(i, events)
    unit = UNITS[(i * 7) % len(UNITS)]
    return name, envelope_for(make(i, at, unit), subject=f"{name}{i}", unit=unit, actor="bench", time=at)


async def publish_year(url: str, events: int) -> tuple[Counter[str], float]:
    """Publish the year pipelined; answers the events by kind and the seconds it took."""
    kinds: Counter[str] = Counter()

    def messages() -> Iterator[Message]:
        for i in range(events):
            name, envelope = year_event(i, events)
            kinds[name] += 1
            yield envelope.nats_subject, envelope.model_dump_json().encode(), {"Nats-Msg-Id": envelope.id}

    return kinds, await publish_messages(url, messages(), events)


async def year_figure(workdir: Path, *, events: int, reads: int, within_s: float) -> YearResult:
    result = YearResult(events=events)
    with Processes(workdir / "year") as procs:
        nats_child = procs.nats()
        url = f"nats://127.0.0.1:{nats_child.port}"
        result.kinds, result.publish_s = await publish_year(url, events)

        spawned = time.perf_counter()
        aggregate = procs.service("aggregate", nats_url=url)
        result.startup_s = time.perf_counter() - spawned
        pool = Pool("127.0.0.1", aggregate.port, _admin_headers(), size=1)
        try:
            meter = CpuMeter([aggregate, nats_child])
            result.live_s = await _until(pool, lambda s: s["events_applied"] >= events, within_s)
            result.cpu_live = meter.percent()
            result.reads_ms = {name: await _timed_reads(pool, path, reads) for name, path in READS.items()}
            live = await _figures(pool)
            meter = CpuMeter([aggregate, nats_child])
            result.rebuild_s = await _rebuild(pool, within_s)
            result.cpu_rebuild = meter.percent()
            result.rebuild_equal = await _figures(pool) == live
        finally:
            await pool.close()
    return result


def _admin_headers() -> dict[str, str]:
    token = issue_token(secret=BENCH_SECRET, sub="bench", unit="GO", roles=["admin"])
    return {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}


async def _until(pool: Pool, done: Callable[[dict[str, Any]], bool], within_s: float) -> float:
    """Seconds until the projection status satisfies `done` (polled: at most POLL_S late)."""
    started = time.perf_counter()
    while not done(await pool.get_json("/api/v1/admin/status")):
        if time.perf_counter() - started > within_s:
            raise TimeoutError(f"not done within {within_s:.0f}s")
        await asyncio.sleep(POLL_S)
    return time.perf_counter() - started


async def _timed_reads(pool: Pool, path: str, reads: int) -> list[float]:
    """The first read (cold: templates loaded, charts drawn) and then `reads` more, in ms."""
    timings = []
    for _ in range(reads + 1):
        started = time.perf_counter()
        await _read(pool, path)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


async def _read(pool: Pool, path: str) -> bytes:
    status, body = await pool.request("GET", path)
    if status != 200:
        raise RuntimeError(f"GET {path}: {status} {body[:200]!r}")
    return body


async def _figures(pool: Pool) -> tuple[Any, Any]:
    return await pool.get_json(READS["stats"]), await pool.get_json(READS["stats per unit"])


async def _rebuild(pool: Pool, within_s: float) -> float:
    status, body = await pool.request("POST", "/api/v1/admin/rebuild")
    if status != 202:
        raise RuntimeError(f"POST /api/v1/admin/rebuild: {status} {body[:200]!r}")
    building = json.loads(body)["rebuilding"]
    return await _until(pool, lambda s: s["generation"] == building and s["rebuilding"] is None, within_s)


def read_summary(timings: list[float]) -> tuple[float, float, float]:
    """The first (cold) read, and p50 and p99 of the others, in ms."""
    return timings[0], percentile(timings[1:], 50), percentile(timings[1:], 99)
