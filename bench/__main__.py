"""`python -m bench [--quick]`: run the figures, each beside its baseline, and print the table."""

import argparse
import asyncio
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from bench import report
from bench.docx_check import docx_figure
from bench.http_load import post_figure
from bench.ingest import ingest_figure
from bench.instructions import instructions_figure
from bench.lag import lag_figure
from bench.processes import find_tool
from bench.year import year_figure

FIGURES = ("post", "instructions", "lag", "ingest", "year", "docx")
T = TypeVar("T")


@dataclass(frozen=True)
class Plan:
    post_s: float
    warmup_s: float
    connections: int
    lag_rate: float
    lag_s: float
    events: int
    ingest_timeout_s: float
    year_events: int
    year_reads: int
    year_timeout_s: float
    docx_requests: int
    counted_requests: int  # POSTs whose instructions are counted (a multiple of 8)
    install: bool = True  # apt-get install what a figure needs (wrk, valgrind) when root


FULL = Plan(
    post_s=10,
    warmup_s=2,
    connections=32,
    lag_rate=200,
    lag_s=10,
    events=100_000,
    ingest_timeout_s=150,
    year_events=1_000_000,
    year_reads=20,
    year_timeout_s=600,
    docx_requests=100,
    counted_requests=400,
)
QUICK = Plan(
    post_s=2,
    warmup_s=1,
    connections=32,
    lag_rate=200,
    lag_s=2,
    events=10_000,
    ingest_timeout_s=60,
    year_events=20_000,
    year_reads=5,
    year_timeout_s=60,
    docx_requests=20,
    counted_requests=80,
)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="short runs (2 s, 10,000 and 20,000 events): a smoke test"
    )
    parser.add_argument("--only", action="append", choices=FIGURES, help="run only this figure (repeatable)")
    parser.add_argument(
        "--generator",
        choices=("auto", "wrk", "asyncio"),
        default="auto",
        help="HTTP load generator: wrk if there (installed with apt-get when root), else asyncio",
    )
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk or valgrind")
    parser.add_argument("--lag-rate", type=float, help="registrations per second for the lag figure (200)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a figure misses its aim")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory (logs, databases)")
    return parser.parse_args(argv)


def _generator(choice: str, install: bool) -> str | None:
    if choice == "asyncio":
        return None
    wrk = find_tool("wrk", install=install)
    if wrk is None:
        if choice == "wrk":
            raise SystemExit("wrk is not installed (apt-get install -y wrk)")
        print("wrk not found: the POST figure uses the asyncio client in this process", flush=True)
    return wrk


class Interrupt:
    """Ctrl-C: cancels the run, and is remembered, since some library code swallows a cancel."""

    def __init__(self) -> None:
        self.requested = False

    def install(self) -> None:
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            return  # started in the background with Ctrl-C ignored: leave it so
        task = asyncio.current_task()
        assert task is not None

        def on_sigint() -> None:
            self.requested = True
            task.cancel()

        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, on_sigint)

    def check(self) -> None:
        if self.requested:
            raise KeyboardInterrupt


INTERRUPT = Interrupt()


async def _figure(name: str, run: Callable[[], Awaitable[T]], errors: list[str]) -> T | None:
    await asyncio.sleep(0)  # figures start with blocking steps: let a pending Ctrl-C through first
    INTERRUPT.check()
    print(f"-- {name} ...", flush=True)
    started = time.monotonic()
    try:
        result = await run()
        INTERRUPT.check()
    except Exception as exc:
        INTERRUPT.check()
        errors.append(f"{name}: {exc!r}")
        traceback.print_exc()
        return None
    print(f"   done in {time.monotonic() - started:.0f}s", flush=True)
    return result


@dataclass
class Results:
    """What the figures measured: the table's rows, the notes, each figure's CPU, the errors."""

    rows: list[report.Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cpus: list[dict[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, name: str, rows: list[report.Row], notes: list[str], *cpus: dict[str, float]) -> None:
        self.rows += rows
        self.notes += [f"{name}:", *(f"  {n}" for n in notes)]
        self.cpus += cpus


async def _post(plan: Plan, workdir: Path, wrk: str | None, out: Results) -> None:
    post = await _figure(
        "POST /api/v1/incoming: docs vs bare FastAPI (SQLite, then PostgreSQL)",
        lambda: post_figure(
            workdir, seconds=plan.post_s, warmup=plan.warmup_s, connections=plan.connections, wrk=wrk
        ),
        out.errors,
    )
    for database, service, baseline in post or []:
        rows = report.post_rows(service, baseline, plan.connections, database)
        out.add(f"POST ({database})", rows, report.post_notes(service, baseline), service.cpu, baseline.cpu)


async def _instructions(plan: Plan, workdir: Path, out: Results) -> None:
    valgrind = find_tool("valgrind", install=plan.install)
    if valgrind is None:
        out.errors.append("instructions: valgrind is not installed (apt-get install -y valgrind)")
        return
    counted = await _figure(
        "POST /api/v1/incoming in instructions: docs vs bare FastAPI (SQLite, valgrind)",
        lambda: asyncio.to_thread(
            instructions_figure, workdir, valgrind=valgrind, requests=plan.counted_requests
        ),
        out.errors,
    )
    if counted is not None:
        out.add("instructions", report.instructions_rows(counted), report.instructions_notes(counted))


async def _lag(plan: Plan, workdir: Path, out: Results) -> None:
    lag = await _figure(
        f"registration -> statistics lag at {plan.lag_rate:.0f}/s",
        lambda: lag_figure(workdir, rate=plan.lag_rate, seconds=plan.lag_s),
        out.errors,
    )
    if lag is not None:
        out.add("lag", report.lag_rows(lag), report.lag_notes(lag), lag.cpu)


async def _ingest(plan: Plan, workdir: Path, out: Results) -> None:
    ingest = await _figure(
        f"aggregate ingest of {plan.events:,} events vs bare pull+ack",
        lambda: ingest_figure(workdir, events=plan.events, within_s=plan.ingest_timeout_s),
        out.errors,
    )
    if ingest is not None:
        notes = report.ingest_notes(ingest)
        out.add("ingest", report.ingest_rows(ingest), notes, ingest.cpu_baseline, ingest.cpu_aggregate)


async def _year(plan: Plan, workdir: Path, out: Results) -> None:
    year = await _figure(
        f"a year of {plan.year_events:,} events: reads and rebuild",
        lambda: year_figure(
            workdir, events=plan.year_events, reads=plan.year_reads, within_s=plan.year_timeout_s
        ),
        out.errors,
    )
    if year is not None:
        out.add("year", report.year_rows(year), report.year_notes(year), year.cpu_live, year.cpu_rebuild)


async def _docx(plan: Plan, workdir: Path, out: Results) -> None:
    docx = await _figure(
        "the format check of a 20-page .docx",
        lambda: docx_figure(workdir, page_count=20, requests=plan.docx_requests),
        out.errors,
    )
    if docx is not None:
        out.add("docx", report.docx_rows(docx), report.docx_notes(docx), docx.cpu)


async def run(args: argparse.Namespace, workdir: Path) -> int:
    INTERRUPT.install()
    plan = QUICK if args.quick else FULL
    if args.lag_rate:
        plan = replace(plan, lag_rate=args.lag_rate)
    plan = replace(plan, install=not args.no_install)
    chosen = args.only or list(FIGURES)
    wrk = _generator(args.generator, install=not args.no_install) if "post" in chosen else None
    out = Results()
    load = os.getloadavg()[0]
    print(f"bench: {os.cpu_count()} cores, load average {load:.1f}, scratch {workdir}", flush=True)
    if "post" in chosen:
        await _post(plan, workdir, wrk, out)
    figures = (("instructions", _instructions), ("lag", _lag), ("ingest", _ingest), ("year", _year))
    for name, figure in (*figures, ("docx", _docx)):
        if name in chosen:
            await figure(plan, workdir, out)
    INTERRUPT.check()
    return _print(out, strict=args.strict)


def _print(out: Results, *, strict: bool) -> int:
    """The table and notes; the exit status (2 on an error, 1 on a missed aim with `--strict`)."""
    print()
    print(report.table(out.rows))
    print()
    print("\n".join(out.notes))
    warning = report.busy_warning(out.cpus)
    if warning:
        print(warning)
    for error in out.errors:
        print(f"ERROR {error}")
    if out.errors:
        return 2
    missed = [r.figure for r in out.rows if r.met == "NO"]
    return 1 if strict and missed else 0


def _terminate(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # unwinds the `with Processes` blocks, which stop the children


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _terminate)
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="office-bench-"))
    try:
        code = asyncio.run(run(args, workdir))  # asyncio's loop, as the services run on
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("\ninterrupted: every process the bench started is stopped", file=sys.stderr)
        code = 130
    finally:
        if args.keep:
            print(f"scratch kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"bench took {time.monotonic() - started:.0f}s")
    return code


if __name__ == "__main__":
    sys.exit(main())
