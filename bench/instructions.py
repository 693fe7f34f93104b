"""Figure: the instructions a POST /api/v1/incoming costs, docs against the bare app, counted by
valgrind (cachegrind) with both apps driven in one process (`bench/asgi_drive.py`, SQLite).

Unlike a rate, a count does not move with a machine's speed or its neighbours (the same code
measured 240 and 371 req/s run beside run on a shared machine, and 5.18 and 5.21 million
instructions). Each app runs twice, with a few requests and with many more: the difference over
the extra requests leaves out the start (imports, migrations, connecting).
"""

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.processes import BENCH_SECRET, PROJECT_ROOT, Processes, clean_env

FEW = 8  # requests in the shorter run
I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


@dataclass
class InstructionsResult:
    service: float  # instructions per request
    baseline: float
    requests: int


def _count(valgrind: str, target: str, requests: int, env: dict[str, str]) -> int:
    argv = [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    argv += [sys.executable, "-m", "bench.asgi_drive", target, str(requests)]
    out = subprocess.run(argv, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=1800)
    found = I_REFS.search(out.stderr)
    if out.returncode != 0 or found is None:
        raise RuntimeError(f"{target} under valgrind ({out.returncode}):\n{out.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


EnvOf = Callable[[Path], dict[str, str]]  # a run's settings, its files under the directory given


def _per_request(valgrind: str, target: str, env_of: EnvOf, workdir: Path, requests: int) -> float:
    """Both runs start on a database of their own, so their starts cost the same."""
    runs = (FEW, FEW + requests)
    few, many = (_count(valgrind, target, n, env_of(workdir / f"{target}-{n}")) for n in runs)
    return (many - few) / requests


def instructions_figure(workdir: Path, *, valgrind: str, requests: int) -> InstructionsResult:
    """Docs (with its nats-server) and the bare app, one after the other."""
    with Processes(workdir / "instructions") as procs:
        nats = procs.nats()
        common = {**clean_env(), "OFFICE_JWT_SECRET": BENCH_SECRET, "OFFICE_LOG_JSON": "false"}

        def docs(run: Path) -> dict[str, str]:
            database = f"sqlite+aiosqlite:///{run / 'docs.db'}"
            url = f"nats://127.0.0.1:{nats.port}"
            return common | {"DOCS_DATABASE_URL": database, "NATS_URL": url, "OFFICE_DATA_DIR": str(run)}

        def baseline(run: Path) -> dict[str, str]:
            run.mkdir(parents=True, exist_ok=True)
            return common | {"BENCH_BASELINE_DB": str(run / "baseline.db")}

        service = _per_request(valgrind, "docs", docs, procs.workdir, requests)
        bare = _per_request(valgrind, "baseline", baseline, procs.workdir, requests)
    return InstructionsResult(service=service, baseline=bare, requests=requests)
