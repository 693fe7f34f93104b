"""The spine end to end, as a person would use it: `make run`, a token from `office token`,
a registered document counted within a second or two, and still there after a restart."""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial

import httpx
import pytest

from shared.settings import SERVICE_PORTS
from tests.e2e.conftest import ROOT, Launcher, free_ports, healthy, wait_until

DOCUMENT = {
    "title": "关于报送2022年度工作总结的通知",
    "source_org": "省政府办公厅",
    "channel": "intranet",
    "received_at": "2022-11-20T10:00:00+08:00",
}


def office_token(launcher: Launcher) -> str:
    env = {**os.environ, "OFFICE_DATA_DIR": str(launcher.data_dir)}
    command = [
        sys.executable,
        "-m",
        "office.cli",
        "token",
        "--sub",
        "alice",
        "--unit",
        "GO",
        "--role",
        "staff",
        "--clearance",
        "secret",
    ]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def received_total(port: int, headers: dict[str, str]) -> int:
    answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/stats/2022", headers=headers, timeout=5)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["docs"]["received"]["total"]["value"])


@pytest.mark.e2e
@pytest.mark.timeout(240)
def test_a_document_registered_on_the_running_suite_is_counted_and_survives_a_restart(
    launch: Callable[..., Launcher],
) -> None:
    ports = dict(zip(SERVICE_PORTS, free_ports(len(SERVICE_PORTS)), strict=True))
    docs = f"http://127.0.0.1:{ports['docs']}"
    run = launch(ports)
    for name in ("docs", "aggregate"):
        wait_until(partial(healthy, ports[name]), 90, f"{name} /healthz")
    headers = {"Authorization": f"Bearer {office_token(run)}"}
    wait_until(lambda: httpx.get(f"{docs}/readyz").status_code == 200, 30, "ready")

    registered = httpx.post(f"{docs}/api/v1/incoming", json=DOCUMENT, headers=headers)
    assert registered.status_code == 201, registered.text
    answered = time.monotonic()
    wait_until(lambda: received_total(ports["aggregate"], headers) == 1, 2.0, "the document counted")
    assert time.monotonic() - answered < 2.0

    run.stop()
    again = launch(ports)
    for name in ("docs", "aggregate"):
        wait_until(partial(healthy, ports[name]), 90, f"{name} /healthz after restart")
    assert received_total(ports["aggregate"], headers) == 1
    document = httpx.get(f"{docs}/api/v1/incoming/{registered.json()['id']}", headers=headers)
    assert document.json()["reg_no"] == "收〔2022〕1号"
    assert again.proc.poll() is None
