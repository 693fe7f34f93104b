"""End to end: `python -m office.runtime` starts NATS and the six services, restarts a
killed service, stops cleanly on SIGTERM, and refuses to start on a taken port."""

import os
import re
import signal
import socket
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from office.runtime import port_free
from shared.settings import SERVICE_PORTS
from tests.e2e.conftest import Launcher, alive, free_ports, healthy, wait_until

ROOT = Path(__file__).resolve().parents[2]
SERVICES = list(SERVICE_PORTS)


@pytest.mark.e2e
@pytest.mark.timeout(120)
def test_up_serves_restarts_and_stops_cleanly(launch: Callable[..., Launcher]) -> None:
    ports = dict(zip(SERVICES, free_ports(len(SERVICES)), strict=True))
    nats_default_taken = not port_free("127.0.0.1", 4222)
    run = launch(ports)

    for name, port in ports.items():
        wait_until(partial(healthy, port), 60, f"{name} /healthz")
        wait_until(partial(run.printed, f"http://127.0.0.1:{port}"), 5, f"{name} announced")
    output = run.output()
    assert str(run.data_dir) in output
    nats = re.search(r"nats://127\.0\.0\.1:(\d+)", output)
    assert nats, output
    nats_port = int(nats.group(1))
    if nats_default_taken:
        assert "4222 is taken" in output
        assert nats_port != 4222
    assert run.pid("nats-server") and (run.data_dir / "nats").is_dir()

    killed = run.pid("docs")
    assert killed and alive(killed)
    os.kill(killed, signal.SIGKILL)
    wait_until(lambda: run.pid("docs") not in (None, killed), 20, "docs restarted")
    wait_until(lambda: healthy(ports["docs"]), 30, "docs healthy again")
    assert "docs: restarted" in run.output()

    children = [run.pid(name) for name in [*SERVICES, "nats-server"]]
    run.proc.send_signal(signal.SIGTERM)
    assert run.proc.wait(timeout=20) == 0
    for port in [*ports.values(), nats_port]:
        assert port_free("127.0.0.1", port), f"port {port} still in use"
    assert not list((run.data_dir / "run").glob("*.pid"))
    assert not [pid for pid in children if pid and alive(pid)]


@pytest.mark.e2e
@pytest.mark.timeout(60)
def test_up_refuses_a_taken_service_port(launch: Callable[..., Launcher]) -> None:
    ports = dict(zip(SERVICES, free_ports(len(SERVICES)), strict=True))
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", ports["meetings"]))
        blocker.listen()
        run = launch(ports)
        assert run.proc.wait(timeout=30) == 2

    output = run.output()
    assert "meetings" in output and str(ports["meetings"]) in output
    assert not list(run.data_dir.glob("run/*.pid"))


@pytest.mark.e2e
@pytest.mark.timeout(180)
def test_up_keeps_the_data_dir_for_its_user_only(launch: Callable[..., Launcher], tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    left_by_an_older_run = data_dir / "docs.db"
    left_by_an_older_run.touch()
    left_by_an_older_run.chmod(0o644)
    ports = dict(zip(SERVICES, free_ports(len(SERVICES)), strict=True))
    run = launch(ports)
    for name, port in ports.items():
        wait_until(partial(healthy, port), 90, f"{name} /healthz")
    assert data_dir.stat().st_mode & 0o777 == 0o700
    written = [p for p in data_dir.rglob("*") if p.is_file()]
    assert {f"{name}.db" for name in SERVICES} <= {p.name for p in written}
    assert any(p.name.endswith("-wal") for p in written) and any(p.parent.name == "run" for p in written)
    readable = [str(p) for p in written if p.stat().st_mode & 0o077]
    assert not readable, f"readable by others: {readable}"
    assert all(p.stat().st_mode & 0o077 == 0 for p in data_dir.rglob("*") if p.is_dir())
    run.stop()
