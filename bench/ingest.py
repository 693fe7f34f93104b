"""Figure 3: how fast the aggregate ingests a backlog of events, beside a bare pull-and-ack loop.

`events` valid `office.docs.incoming.registered.v1` CloudEvents (all received in one year)
are published, pipelined, to stream OFFICE on `office.>` of a fresh nats-server. Then:

- baseline: a durable pull consumer of its own (the aggregate's consumer settings) pulling
  batches of 1,000 through nats-py's `fetch` (what FastStream's pull subscribers call) and
  acknowledging each message, in this process, until it has seen them all;
- the aggregate as a process on an empty database: timed from when it answers HTTP (its
  consumer starts during startup, so what it counted by then is left out of the rate) until
  `GET /api/v1/stats/{year}` counts every event. Its startup time is reported beside.
"""

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import nats
from nats.js.api import PubAck

from bench.processes import CpuMeter, Processes
from bench.rawhttp import Pool
from bench.workload import YEAR, json_headers, received_total
from shared.bus import ensure_stream
from shared.contracts import IncomingRegistered, envelope_for
from shared.subscriber import consumer_config, ensure_consumer

STREAM = "OFFICE"
SUBJECTS = ["office.>"]
FETCH_BATCH = 1000  # the aggregate's batch
OFFICE_TZ = ZoneInfo("Asia/Shanghai")
UNITS = ("GO", "PER", "FIN", "POL", "SCI", "NNCB", "LZCB", "GLCB")
CHANNELS = ("oa", "intranet", "paper", "email", "courier")
YEAR_START = datetime(YEAR, 1, 1, 9, 0, tzinfo=OFFICE_TZ)
YEAR_SPAN = datetime(YEAR, 12, 31, 9, 0, tzinfo=OFFICE_TZ) - YEAR_START


@dataclass
class IngestResult:
    events: int
    publish_s: float = 0.0
    baseline_s: float = 0.0
    baseline_seen: int = 0
    startup_s: float = 0.0
    counted_at_ready: int = 0
    aggregate_s: float = 0.0
    aggregate_counted: int = 0
    cpu_baseline: dict[str, float] = field(default_factory=dict)
    cpu_aggregate: dict[str, float] = field(default_factory=dict)

    @property
    def publish_rate(self) -> float:
        return self.events / self.publish_s if self.publish_s else 0.0

    @property
    def baseline_rate(self) -> float:
        return self.baseline_seen / self.baseline_s if self.baseline_s else 0.0

    @property
    def aggregate_rate(self) -> float:
        counted = self.aggregate_counted - self.counted_at_ready
        return counted / self.aggregate_s if self.aggregate_s else 0.0

    @property
    def aggregate_rate_with_startup(self) -> float:
        total = self.startup_s + self.aggregate_s
        return self.aggregate_counted / total if total else 0.0


def event(i: int, events: int) -> tuple[str, bytes, dict[str, str]]:
    """The i-th of `events` registrations spread in order over the year, as a stream replays them:
    subject, CloudEvents JSON, headers (Nats-Msg-Id = its id)."""
    classification = "secret" if i % 10 == 0 else "none"
    data = IncomingRegistered(
        id=f"bench{i:010d}",
        reg_no=f"收〔{YEAR}〕{i + 1}号",
        title=None if classification != "none" else "关于做好政务信息工作的通知",
        source_org="省政府办公厅",
        source_ref=None,
        channel=CHANNELS[i % len(CHANNELS)],
        classification=classification,
        urgency="normal",
        received_at=YEAR_START + (i * YEAR_SPAN) / events,
        unit=UNITS[i % len(UNITS)],
    )
    envelope = envelope_for(data, subject=data.id, unit=data.unit, actor="bench")
    return envelope.nats_subject, envelope.model_dump_json().encode(), {"Nats-Msg-Id": envelope.id}


Message = tuple[str, bytes, dict[str, str]]  # subject, payload, headers
PUBLISH_PENDING = 4000  # acks awaited together


async def publish(url: str, events: int) -> float:
    """Publish the registrations; answers seconds."""
    return await publish_messages(url, (event(i, events) for i in range(events)), events)


async def publish_messages(url: str, messages: Iterable[Message], count: int) -> float:
    """Publish `count` messages pipelined (publish_async), waiting for the acks in groups;
    answers seconds, after checking that the stream holds them all."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream(publish_async_max_pending=PUBLISH_PENDING)
        await ensure_stream(js, STREAM, SUBJECTS)
        started = time.perf_counter()
        acks = []
        for subject, payload, headers in messages:
            acks.append(await js.publish_async(subject, payload, headers=headers))
            if len(acks) >= PUBLISH_PENDING:
                _check_acks(await asyncio.gather(*acks))
                acks.clear()
        _check_acks(await asyncio.gather(*acks))
        elapsed = time.perf_counter() - started
        held = (await js.stream_info(STREAM)).state.messages
        if held != count:
            raise RuntimeError(f"stream {STREAM} holds {held} messages, not {count}")
        return elapsed
    finally:
        await nc.close()


def _check_acks(acks: list[PubAck]) -> None:
    if any(ack.stream != STREAM for ack in acks):
        raise RuntimeError(f"published outside stream {STREAM}")


async def baseline_consume(url: str, events: int, within_s: float) -> tuple[int, float]:
    """A bare durable pull consumer: 1,000 at a time, ack each; answers (seen, seconds)."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        config = consumer_config("bench-baseline", SUBJECTS[0], 30.0)
        await ensure_consumer(js, STREAM, config)
        puller = await js.pull_subscribe(SUBJECTS[0], durable="bench-baseline", stream=STREAM)
        seen = 0
        started = time.perf_counter()
        deadline = started + within_s
        while seen < events and time.perf_counter() < deadline:
            try:
                messages = await puller.fetch(FETCH_BATCH, timeout=1.0)
            except TimeoutError:  # nats-py's own or the bare one, as the time runs out
                continue
            for message in messages:
                await message.ack()
            seen += len(messages)
        await nc.flush()
        return seen, time.perf_counter() - started
    finally:
        await nc.close()


async def ingest_figure(workdir: Path, *, events: int, within_s: float) -> IngestResult:
    result = IngestResult(events=events)
    with Processes(workdir / "ingest") as procs:
        nats_child = procs.nats()
        url = f"nats://127.0.0.1:{nats_child.port}"
        result.publish_s = await publish(url, events)

        meter = CpuMeter([nats_child])
        result.baseline_seen, result.baseline_s = await baseline_consume(url, events, within_s)
        result.cpu_baseline = meter.percent()

        spawned = time.perf_counter()
        aggregate = procs.service("aggregate", nats_url=url)
        ready = time.perf_counter()
        result.startup_s = ready - spawned
        meter = CpuMeter([aggregate, nats_child])
        stats = Pool("127.0.0.1", aggregate.port, json_headers(), size=1)
        try:
            result.counted_at_ready = count = await received_total(stats)
            deadline = ready + within_s
            while count < events and time.perf_counter() < deadline:
                await asyncio.sleep(0.02)
                count = await received_total(stats)
            result.aggregate_s = time.perf_counter() - ready
            result.aggregate_counted = count
            result.cpu_aggregate = meter.percent()
        finally:
            await stats.close()
    return result
