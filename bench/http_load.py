"""Figure 1: POST /api/v1/incoming at a fixed number of connections, against the docs service and
against the bare baseline app, with wrk when it is there (else an asyncio client in this process).

Each target gets a warm-up run (discarded) then a measured run. While the measured run lasts,
the CPU every process uses is sampled, so the report can say who was busy: a generator near
a full core is the bottleneck, and the figures then understate the server.
"""

import asyncio
import json
import os
import resource
import signal
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from bench.processes import Child, CpuMeter, Processes
from bench.rawhttp import Connection
from bench.workload import incoming_body, json_headers, percentile

PATH = "/api/v1/incoming"
GENERATOR_BUSY_PCT = 85.0  # of each of its cores: above this the generator may be what limits

LUA_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%.0f,"duration_us":%.0f,"p50_us":%.0f,"p99_us":%.0f,"max_us":%.0f,' ..
    '"status":%.0f,"connect":%.0f,"read":%.0f,"write":%.0f,"timeout":%.0f}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""


@dataclass
class LoadResult:
    target: str
    generator: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    cpu: dict[str, float] = field(default_factory=dict)
    generator_cores: int = 1

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        """The server's CPU time per answered request (its process's CPU over the run)."""
        busy = self.cpu.get(self.target, 0.0) / 100 * self.seconds
        return 1000 * busy / self.requests if self.requests else float("nan")

    @property
    def generator_cpu(self) -> float:
        return self.cpu.get("generator", 0.0)

    @property
    def generator_bound(self) -> bool:
        return self.generator_cpu > GENERATOR_BUSY_PCT * self.generator_cores


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(
    wrk: str,
    target: Child,
    *,
    others: list[Child],
    seconds: float,
    connections: int,
    threads: int,
    script_dir: Path,
) -> LoadResult:
    script = script_dir / "post.lua"
    headers = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in json_headers().items())
    body = incoming_body().decode()
    script.write_text(f'wrk.method = "POST"\nwrk.body = [==[{body}]==]\n{headers}{LUA_DONE}')
    argv = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"{target.url}{PATH}",
    ]
    meter = CpuMeter([target, *others])
    before = _children_cpu()
    started = time.monotonic()
    out = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=seconds + 60)
    wall = time.monotonic() - started
    cpu = meter.percent()
    cpu["generator"] = 100 * (_children_cpu() - before) / wall
    if out.returncode == -signal.SIGINT:
        raise KeyboardInterrupt  # Ctrl-C reached wrk too: stop the bench, not just this figure
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    figures = json.loads(line[len("BENCH ") :])
    errors = sum(int(figures[k]) for k in ("status", "connect", "read", "write", "timeout"))
    return LoadResult(
        target=target.name,
        generator=f"wrk -t{threads} -c{connections}",
        requests=int(figures["requests"]) - int(figures["status"]),
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1e3,
        p99_ms=figures["p99_us"] / 1e3,
        max_ms=figures["max_us"] / 1e3,
        errors=errors,
        cpu=cpu,
        generator_cores=threads,
    )


async def run_asyncio(target: Child, *, others: list[Child], seconds: float, connections: int) -> LoadResult:
    """The fallback generator: `connections` keep-alive connections, each sending back to back."""
    body = incoming_body()
    headers = json_headers()
    latencies: list[float] = []
    failures = 0
    deadline = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal failures
        conn = Connection("127.0.0.1", target.port)
        try:
            while time.monotonic() < deadline:
                sent = time.perf_counter()
                try:
                    status, _ = await conn.request("POST", PATH, body=body, headers=headers)
                except (OSError, asyncio.IncompleteReadError):
                    failures += 1
                    continue
                if time.monotonic() > deadline:
                    break  # as wrk does, what completes after the run is not counted
                if 200 <= status < 300:
                    latencies.append(time.perf_counter() - sent)
                else:
                    failures += 1
        finally:
            await conn.close()

    meter = CpuMeter([target, *others])
    await asyncio.gather(*(worker() for _ in range(connections)))
    cpu = meter.percent()
    cpu["generator"] = cpu.pop("bench")
    return LoadResult(
        target=target.name,
        generator=f"asyncio client, {connections} connections",
        requests=len(latencies),
        seconds=seconds,
        p50_ms=1e3 * percentile(latencies, 50),
        p99_ms=1e3 * percentile(latencies, 99),
        max_ms=1e3 * max(latencies, default=float("nan")),
        errors=failures,
        cpu=cpu,
    )


async def measure(
    target: Child,
    *,
    others: list[Child],
    wrk: str | None,
    seconds: float,
    warmup: float,
    connections: int,
    script_dir: Path,
) -> LoadResult:
    """A warm-up run, then the measured one."""
    if wrk is not None:
        for run_s in (warmup, seconds):
            await asyncio.sleep(0)  # wrk runs block the loop: let a pending Ctrl-C through first
            result = run_wrk(
                wrk,
                target,
                others=others,
                seconds=run_s,
                connections=connections,
                threads=1,
                script_dir=script_dir,
            )
        return result
    await run_asyncio(target, others=others, seconds=warmup, connections=connections)
    return await run_asyncio(target, others=others, seconds=seconds, connections=connections)


async def _measured(procs: Processes, target: Child, others: list[Child], plan: dict[str, Any]) -> LoadResult:
    return await measure(target, others=others, script_dir=procs.workdir, **plan)


async def _docs(workdir: Path, plan: dict[str, Any], database_url: str | None) -> LoadResult:
    with Processes(workdir) as procs:
        nats = procs.nats()
        extra = {"DOCS_DATABASE_URL": database_url} if database_url else None
        docs = procs.service("docs", nats_url=f"nats://127.0.0.1:{nats.port}", extra=extra)
        return await _measured(procs, docs, [nats], plan)


async def _baseline(workdir: Path, plan: dict[str, Any], env: dict[str, str]) -> LoadResult:
    with Processes(workdir) as procs:
        app = procs.uvicorn("baseline", "bench.baseline_app:create_app", env)
        return await _measured(procs, app, [], plan)


async def post_figure(
    workdir: Path, *, seconds: float, warmup: float, connections: int, wrk: str | None
) -> list[tuple[str, LoadResult, LoadResult]]:
    """The docs service (with its nats-server) and the bare baseline, one after the other, on
    SQLite, then on PostgreSQL (asyncpg) when `BENCH_POSTGRES_URL` (default: the local server)
    answers; each database a scratch one, dropped after."""
    plan: dict[str, Any] = {"wrk": wrk, "seconds": seconds, "warmup": warmup, "connections": connections}
    baseline_db = {"BENCH_BASELINE_DB": str(workdir / "post-baseline" / "baseline.db")}
    figures = [
        (
            "SQLite",
            await _docs(workdir / "post-docs", plan, None),
            await _baseline(workdir / "post-baseline", plan, baseline_db),
        )
    ]
    async with scratch_databases(2) as urls:
        if urls:
            docs_url, baseline_url = urls
            docs = await _docs(
                workdir / "post-docs-pg", plan, docs_url.replace("postgresql:", "postgresql+asyncpg:")
            )
            baseline = await _baseline(
                workdir / "post-baseline-pg", plan, {"BENCH_BASELINE_PG": baseline_url}
            )
            figures.append(("PostgreSQL", docs, baseline))
    return figures


@asynccontextmanager
async def scratch_databases(count: int) -> AsyncIterator[list[str]]:
    """`count` new databases on `BENCH_POSTGRES_URL`'s server (none when it does not answer)."""
    admin = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        conn = await asyncpg.connect(admin, timeout=3)
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        print(f"PostgreSQL not reached ({exc!r}): the POST figure runs on SQLite only", flush=True)
        yield []
        return
    names = [f"bench_post_{os.getpid()}_{n}" for n in range(count)]
    try:
        for name in names:
            await conn.execute(f'CREATE DATABASE "{name}"')
        base = admin.rsplit("/", 1)[0]
        yield [f"{base}/{name}" for name in names]
    finally:
        for name in names:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()
