"""Hostile bodies against docs as its own uvicorn process: a body is read only after the token
checks out and only up to its route's limit (413 beyond, the rest never taken in)."""

import json
import select
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support import NatsServer, ServiceProcess, token

MIB = 1024 * 1024
HUGE = 300 * MIB
STAFF = token()


@dataclass
class Answer:
    status: int
    head: str
    body: bytes
    sent: int  # bytes of the body the server let us send before it answered
    seconds: float


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    tmp = tmp_path_factory.mktemp("bodies")
    nats = NatsServer(tmp / "nats")
    nats.start()
    service = ServiceProcess(
        "docs", database_url=f"sqlite+aiosqlite:///{tmp / 'docs.db'}", nats_url=nats.url, data_dir=tmp
    )
    service.start()
    wait_ready(service)
    yield service
    service.stop()
    nats.stop()


def wait_ready(service: ServiceProcess, within: float = 60) -> None:
    """Until the service's database is migrated and it answers `/readyz?only=database`."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{service.url}/readyz?only=database").status_code == 200:
                return
        except httpx.HTTPError:
            pass  # still starting
        time.sleep(0.1)
    raise AssertionError(f"{service.name} not ready within {within}s")


def peak_memory(service: ServiceProcess) -> int:
    """The process's peak resident memory so far (VmHWM), in bytes."""
    assert service.proc is not None
    status = Path(f"/proc/{service.proc.pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


def post_streamed(
    port: int, path: str, headers: dict[str, str], *, total: int, chunked: bool = False
) -> Answer:
    """POST `total` bytes (declared by Content-Length, or chunked), sending until the server answers."""
    framing = {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(total)}
    head = [f"POST {path} HTTP/1.1", "Host: docs", "Content-Type: application/json"]
    head += [f"{k}: {v}" for k, v in {**headers, **framing}.items()]
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        sent = _send_until_answered(sock, total, chunked)
        received = _read_answer(sock)
    seconds = time.monotonic() - started
    head_text, _, body = received.partition(b"\r\n\r\n")
    status = int(head_text.split(b" ", 2)[1])
    return Answer(status, head_text.decode("latin-1").lower(), body, sent, seconds)


def _send_until_answered(sock: socket.socket, total: int, chunked: bool) -> int:
    piece = b"[" + b" " * (64 * 1024 - 2) + b"]"
    frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece
    sent = 0
    sock.setblocking(False)
    try:
        while sent < total:
            readable, writable, _ = select.select([sock], [sock], [], 10)
            if readable or not writable:
                break
            try:
                sock.sendall(frame)
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                break
            sent += len(piece)
    finally:
        sock.setblocking(True)
    return sent


def _read_answer(sock: socket.socket) -> bytes:
    received = b""
    while b"\r\n\r\n" not in received or not received.rstrip().endswith(b"}"):
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_huge_body_without_a_token_is_refused_before_it_is_read(
    docs: ServiceProcess, chunked: bool
) -> None:
    before = peak_memory(docs)
    answer = post_streamed(docs.port, "/api/v1/incoming", {}, total=HUGE, chunked=chunked)
    assert answer.status == 401
    assert "application/problem+json" in answer.head and "connection: close" in answer.head
    assert "缺少令牌" in json.loads(answer.body)["detail"]
    assert answer.seconds < 2 and answer.sent < 32 * MIB, "the body was read"
    assert peak_memory(docs) - before < 32 * MIB


def test_a_declared_length_over_the_limit_is_413_before_a_byte_is_read(docs: ServiceProcess) -> None:
    before = peak_memory(docs)
    answer = post_streamed(docs.port, "/api/v1/incoming", STAFF, total=HUGE)
    assert answer.status == 413
    problem = json.loads(answer.body)
    assert problem["status"] == 413 and "1048576" in problem["detail"]
    assert answer.seconds < 2 and answer.sent < 32 * MIB
    assert peak_memory(docs) - before < 32 * MIB


def test_a_streamed_body_is_413_as_soon_as_it_passes_the_limit(docs: ServiceProcess) -> None:
    before = peak_memory(docs)
    answer = post_streamed(docs.port, "/api/v1/incoming", STAFF, total=HUGE, chunked=True)
    assert answer.status == 413 and "connection: close" in answer.head
    assert answer.seconds < 5 and answer.sent < 32 * MIB
    assert peak_memory(docs) - before < 32 * MIB


def test_the_token_is_checked_before_the_body_is_parsed(docs: ServiceProcess) -> None:
    garbage = httpx.post(
        f"{docs.url}/api/v1/incoming", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert garbage.status_code == 401, garbage.text
    forged = {"Authorization": "Bearer not.a.token"}
    assert httpx.post(f"{docs.url}/api/v1/incoming", content=b"{not json", headers=forged).status_code == 401
    assert httpx.post(f"{docs.url}/api/v1/incoming", content=b"{not json", headers=STAFF).status_code == 422


def test_the_ledger_import_takes_a_file_up_to_its_own_larger_limit(docs: ServiceProcess) -> None:
    csv = {"Content-Type": "text/csv", **STAFF}
    url = f"{docs.url}/api/v1/ledgers/incoming"
    five_mib = b"title\n" + b"x" * (5 * MIB)
    answer = httpx.post(url, content=five_mib, headers=csv, timeout=30)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "file"  # read, then judged
    too_big = httpx.post(url, content=b"x" * (10 * MIB + 1), headers=csv, timeout=30)
    assert too_big.status_code == 413 and "10485760" in too_big.json()["detail"]
    json_over_default = httpx.post(
        f"{docs.url}/api/v1/incoming",
        content=b" " * (MIB + 1),
        headers={"Content-Type": "application/json", **STAFF},
    )
    assert json_over_default.status_code == 413
