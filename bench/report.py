"""The table `make bench` ends with, and the notes that say how each figure was measured."""

import math
import os
from dataclasses import dataclass

from bench.docx_check import DocxResult
from bench.http_load import LoadResult
from bench.ingest import IngestResult
from bench.instructions import InstructionsResult
from bench.lag import GRACE_S, LagResult
from bench.processes import others_percent
from bench.workload import YEAR, percentile
from bench.year import YearResult, read_summary

POST_AIM_RPS = 600.0  # POST /incoming at 32 connections (#15)
POST_P99_AIM_MS = 80.0
LAG_AIM_MS = 100.0  # p99 at 200 registrations/s (#16)
INGEST_AIM_EPS = 20_000.0  # aggregate ingest (#16); the ratio to the bare puller is printed beside it
READ_AIM_MS = 200.0  # p99 of every read of a year's figures
REBUILD_AIM_S = 60.0  # rebuild of 1,000,000 events (#13, #16)
DOCX_AIM_MS = 300.0  # p99 of checking a 20-page .docx
BUSY_MACHINE_PCT = 25.0  # others using more than this (% of one core) make figures unreliable


@dataclass
class Row:
    figure: str
    value: str
    baseline: str = ""
    ratio: str = ""
    aim: str = ""
    met: str = ""


def _num(value: float, unit: str, digits: int = 0) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value:,.{digits}f} {unit}".strip()


def _ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline else math.nan


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def post_rows(service: LoadResult, baseline: LoadResult, connections: int, database: str) -> list[Row]:
    ratio = _ratio(service.rps, baseline.rps)
    return [
        Row(
            f"POST /incoming throughput, {connections} conns, {database}",
            _num(service.rps, "req/s"),
            _num(baseline.rps, "req/s"),
            f"{ratio:.2f}x",
            f">= {POST_AIM_RPS:,.0f} req/s",
            _met(service.rps >= POST_AIM_RPS),
        ),
        Row(
            "POST /incoming latency p50",
            _num(service.p50_ms, "ms", 1),
            _num(baseline.p50_ms, "ms", 1),
            f"{_ratio(service.p50_ms, baseline.p50_ms):.1f}x",
        ),
        Row(
            "POST /incoming latency p99",
            _num(service.p99_ms, "ms", 1),
            _num(baseline.p99_ms, "ms", 1),
            f"{_ratio(service.p99_ms, baseline.p99_ms):.1f}x",
            f"< {POST_P99_AIM_MS:.0f} ms",
            _met(service.p99_ms < POST_P99_AIM_MS),
        ),
        Row(
            "POST /incoming CPU per request",
            _num(service.cpu_ms_per_request, "ms", 2),
            _num(baseline.cpu_ms_per_request, "ms", 2),
            f"{_ratio(service.cpu_ms_per_request, baseline.cpu_ms_per_request):.1f}x",
        ),
    ]


def lag_rows(lag: LagResult) -> list[Row]:
    p99 = lag.lag(99)
    name = f"registration->stats lag @{lag.rate:.0f}/s"
    return [
        Row(f"{name} p50", _num(lag.lag(50), "ms", 1)),
        Row(f"{name} p99", _num(p99, "ms", 1), aim=f"< {LAG_AIM_MS:.0f} ms", met=_met(p99 < LAG_AIM_MS)),
        Row(f"{name} max", _num(lag.max_lag, "ms", 1)),
    ]


def ingest_rows(ingest: IngestResult) -> list[Row]:
    ratio = _ratio(ingest.aggregate_rate, ingest.baseline_rate)
    complete = ingest.aggregate_counted >= ingest.events
    return [
        Row(
            f"aggregate ingest, {ingest.events:,} events",
            _num(ingest.aggregate_rate, "ev/s") + ("" if complete else " (incomplete)"),
            _num(ingest.baseline_rate, "ev/s"),
            f"{ratio:.2f}x",
            f">= {INGEST_AIM_EPS:,.0f} ev/s",
            _met(complete and ingest.aggregate_rate >= INGEST_AIM_EPS),
        )
    ]


def year_rows(year: YearResult) -> list[Row]:
    events = f"{year.events:,} events"
    rows = [Row(f"year of {events}: live projection", _num(year.live_rate, "ev/s"))]
    for name, timings in year.reads_ms.items():
        _, p50, p99 = read_summary(timings)
        aim = f"p99 < {READ_AIM_MS:.0f} ms"
        rows.append(
            Row(f"  GET {name} p50/p99", f"{p50:,.0f}/{p99:,.0f} ms", "", "", aim, _met(p99 < READ_AIM_MS))
        )
    equal = "" if year.rebuild_equal else " (figures differ!)"
    rows.append(
        Row(
            f"year of {events}: rebuild",
            f"{year.rebuild_s:,.0f} s{equal}",
            "",
            "",
            f"< {REBUILD_AIM_S:.0f} s, same figures",
            _met(year.rebuild_equal and year.rebuild_s < REBUILD_AIM_S),
        )
    )
    return rows


def year_notes(year: YearResult) -> list[str]:
    mix = ", ".join(f"{name} {count:,}" for name, count in year.kinds.most_common())
    cold = ", ".join(f"{name} {read_summary(t)[0]:.0f} ms" for name, t in year.reads_ms.items())
    same = "equal to" if year.rebuild_equal else "DIFFERENT from"
    return [
        f"published {year.events:,} events of {YEAR} in {year.publish_s:.0f}s: {mix}",
        f"aggregate ready {year.startup_s:.1f}s after spawn; live: all applied after {year.live_s:.1f}s; "
        f"CPU: {_cpu(year.cpu_live)}",
        f"reads, one after another, {len(next(iter(year.reads_ms.values()))) - 1} of each after a first, "
        f"cold one: {cold}",
        f"rebuild: {year.rebuild_rate:,.0f} ev/s, new generation live after {year.rebuild_s:.1f}s, "
        f"figures {same} the live ones; CPU: {_cpu(year.cpu_rebuild)}",
    ]


def docx_rows(docx: DocxResult) -> list[Row]:
    p99 = percentile(docx.latencies_ms, 99)
    name = f"check a {docx.pages}-page .docx"
    return [
        Row(f"{name} p50", _num(percentile(docx.latencies_ms, 50), "ms", 1)),
        Row(f"{name} p99", _num(p99, "ms", 1), aim=f"< {DOCX_AIM_MS:.0f} ms", met=_met(p99 < DOCX_AIM_MS)),
    ]


def docx_notes(docx: DocxResult) -> list[str]:
    return [
        f"{len(docx.latencies_ms)} sequential POST /api/v1/outgoing/check (multipart, {docx.size:,} bytes,"
        f" {docx.pages} pages of 22 lines, a 公文 with no finding) to one docs process, after 3 warm-up;",
        f"text and layout rules, parsed with python-docx in a thread; CPU {_cpu(docx.cpu)}",
    ]


def instructions_rows(counted: InstructionsResult) -> list[Row]:
    return [
        Row(
            "POST /incoming instructions a request, SQLite",
            _num(counted.service / 1e6, "M", 2),
            _num(counted.baseline / 1e6, "M", 2),
            f"{_ratio(counted.service, counted.baseline):.2f}x",
        )
    ]


def instructions_notes(counted: InstructionsResult) -> list[str]:
    return [
        f"counted by valgrind (cachegrind): {counted.requests:,} more POSTs through the app's ASGI interface,"
        " 8 at a time, in one process (no HTTP server), over the run with fewer; docs with its relay",
        "and nats-server (not counted), the bare app as in the POST figure; the same on any machine",
    ]


def table(rows: list[Row]) -> str:
    header = Row("figure", "value", "baseline", "ratio", "aim", "met?")
    cells = [[r.figure, r.value, r.baseline, r.ratio, r.aim, r.met] for r in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(6)]
    right = {1, 2, 3}

    def line(row: list[str]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "| " + " | ".join(parts) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(c) for c in cells[1:])])


def _cpu(cpu: dict[str, float]) -> str:
    shown = ", ".join(f"{k} {v:.0f}%" for k, v in cpu.items() if k != "machine")
    return f"{shown}; other processes {others_percent(cpu):.0f}% (of one core; {os.cpu_count()} cores)"


def post_notes(service: LoadResult, baseline: LoadResult) -> list[str]:
    notes = []
    for result in (service, baseline):
        notes.append(
            f"{result.target}: {result.requests:,} ok in {result.seconds:.1f}s by {result.generator}, "
            f"{result.errors} errors, max {result.max_ms:.0f} ms; CPU: {_cpu(result.cpu)}"
        )
        if result.generator_bound:
            notes.append(
                f"  the generator used {result.generator_cpu:.0f}% CPU: it may be what limits {result.target}"
            )
    return notes


def lag_notes(lag: LagResult) -> list[str]:
    errors = f" {lag.errors}" if lag.errors else ""
    notes = [
        f"{lag.sent:,} registrations scheduled at {lag.rate:.0f}/s: {lag.registered:,} answered 201 "
        f"({lag.achieved_rate:.0f}/s over {lag.send_wall_s:.1f}s), {lag.failed} failed{errors}, "
        f"{lag.dropped:,} dropped (not started {GRACE_S:.0f}s after the schedule ended)",
        f"POST latency at this rate: p50 {percentile(lag.post_ms, 50):.1f} ms, "
        f"p99 {percentile(lag.post_ms, 99):.1f} ms; {lag.polls:,} polls of the count",
        f"CPU: {_cpu(lag.cpu)}",
    ]
    if lag.achieved_rate < 0.95 * lag.rate:
        notes.append(
            f"  docs did not keep up with {lag.rate:.0f}/s: the lag is still measured from each 201, "
            "but a saturated docs also delays its own relay"
        )
    if lag.uncounted:
        notes.append(f"  {lag.uncounted} registrations were never counted within the wait")
    return notes


def ingest_notes(ingest: IngestResult) -> list[str]:
    i = ingest
    return [
        f"published {i.events:,} events pipelined in {i.publish_s:.1f}s ({i.publish_rate:,.0f}/s)",
        f"baseline: {i.baseline_seen:,} acked in {i.baseline_s:.2f}s; CPU: {_cpu(i.cpu_baseline)}",
        f"aggregate: ready {i.startup_s:.1f}s after spawn having counted {i.counted_at_ready:,}; "
        f"counted {i.aggregate_counted:,} after {i.aggregate_s:.1f}s more "
        f"({i.aggregate_rate_with_startup:,.0f} ev/s counting startup); CPU: {_cpu(i.cpu_aggregate)}",
    ]


def busy_warning(cpus: list[dict[str, float]]) -> str | None:
    worst = max((others_percent(c) for c in cpus), default=0.0)
    if worst <= BUSY_MACHINE_PCT:
        return None
    return (
        f"WARNING: other processes used up to {worst:.0f}% of a core during the measurements "
        f"(load average now {os.getloadavg()[0]:.1f}); figures are low and noisy, ratios less so."
    )
