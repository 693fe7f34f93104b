"""The end-to-end tier: the real launcher (`python -m office.runtime`, what `make run` runs)
with every service as its own process."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Launcher:
    """One running `python -m office.runtime` and where it writes."""

    proc: subprocess.Popen[bytes]
    data_dir: Path
    log: Path

    def output(self) -> str:
        """Everything the launcher (and its services) printed so far."""
        return self.log.read_text(errors="replace")

    def printed(self, text: str) -> bool:
        """Whether the output so far contains `text`."""
        return text in self.output()

    def pid(self, name: str) -> int | None:
        """The pid in `<data_dir>/run/<name>.pid`, if there is one."""
        with contextlib.suppress(FileNotFoundError, ValueError):
            return int((self.data_dir / "run" / f"{name}.pid").read_text())
        return None

    def stop(self) -> None:
        stop(self)


def free_ports(count: int) -> list[int]:
    """`count` distinct ports that are free right now."""
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in socks]


def healthy(port: int) -> bool:
    """Whether the service on `port` answers `GET /healthz` with 200."""
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `check` until it holds, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.2)


def alive(pid: int) -> bool:
    """Whether a process with this pid exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop(run: Launcher) -> None:
    """Stop a launcher and anything it left behind, however the test ended."""
    if run.proc.poll() is None:
        run.proc.send_signal(signal.SIGTERM)
        try:
            run.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            run.proc.kill()
            run.proc.wait()
    for pid_file in (run.data_dir / "run").glob("*.pid"):
        with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
            pid = int(pid_file.read_text())
            if alive(pid):
                os.killpg(pid, signal.SIGKILL)


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Callable[..., Launcher]]:
    """Start launchers on given service ports with a fresh data dir; clean up after."""
    started: list[Launcher] = []

    def _launch(ports: dict[str, int], env: dict[str, str] | None = None) -> Launcher:
        extra = env or {}
        env = {k: v for k, v in os.environ.items() if k not in ("NATS_URL", "OFFICE_HOST")}
        env.update({f"{name.upper()}_PORT": str(port) for name, port in ports.items()})
        env.update(OFFICE_DATA_DIR=str(tmp_path / "var"), PYTHONUNBUFFERED="1", **extra)
        log = tmp_path / f"launcher-{len(started)}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "office.runtime"],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        run = Launcher(proc, tmp_path / "var", log)
        started.append(run)
        return run

    yield _launch
    for run in started:
        stop(run)
        print(run.output())
