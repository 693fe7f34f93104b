"""The live inbox stream ends when the caller's token does, and a `Last-Event-ID` that is not
an id of ours is a 400 before the stream starts (it was a 500, or a stream that died)."""

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest

from shared.auth import issue_token
from tests.integration.notify.helpers import liaison, served
from tests.support import TEST_SECRET

NNCB = liaison("NNCB")
QUICK = {"sse_poll_s": 0.05, "sse_heartbeat_s": 0.2}


@contextlib.asynccontextmanager
async def live(stack: Any, headers: dict[str, str]) -> AsyncIterator[httpx.Response]:
    """The inbox stream of notify served over real HTTP, opened with these headers."""
    async with (
        served(stack.apps["notify"]) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as client,
        client.stream("GET", "/api/v1/inbox/stream", headers=headers) as stream,
    ):
        assert stream.status_code == 200
        yield stream


async def frames(stream: httpx.Response) -> list[dict[str, str]]:
    """Every frame until the server ends the stream (comment lines as {"comment": ...})."""
    got: list[dict[str, str]] = []
    frame: dict[str, str] = {}
    async for line in stream.aiter_lines():
        if line.startswith(":"):
            got.append({"comment": line})
        elif line:
            name, _, value = line.partition(": ")
            frame[name] = value
        elif frame:
            got.append(frame)
            frame = {}
    return got


async def test_the_stream_ends_when_the_token_expires(start_stack: Any) -> None:
    async with start_stack("notify", **QUICK) as stack:
        signed = issue_token(secret=TEST_SECRET, sub="liaison-nncb", unit="NNCB", roles=["liaison"], ttl_s=4)
        exp = jwt.decode(signed, options={"verify_signature": False})["exp"]
        async with live(stack, {"Authorization": f"Bearer {signed}"}) as stream:
            got = await asyncio.wait_for(frames(stream), timeout=10)
            ended = time.time()
    assert got[0]["event"] == "unread"
    assert {"comment": ": keep-alive"} in got  # it was live until then
    assert got[-1]["event"] == "expired" and "令牌已过期" in json.loads(got[-1]["data"])["detail"]
    assert exp <= ended < exp + 1  # at exp, not after it


@pytest.mark.parametrize(
    "last_event_id",
    [b"\xb2", "١٢".encode(), b"9" * 20, b"9223372036854775808", b"-1", b"1.5", b"7 7", b"abc", b"0x1f"],
)
async def test_a_last_event_id_that_is_not_an_id_is_400(start_stack: Any, last_event_id: bytes) -> None:
    async with start_stack("notify") as stack:
        answer = await stack.notify.get(
            "/api/v1/inbox/stream", headers={**NNCB, "Last-Event-ID": last_event_id}
        )
        assert answer.status_code == 400, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["errors"][0]["field"] == "Last-Event-ID"


async def test_the_largest_id_resumes_a_stream_that_stays_alive(start_stack: Any) -> None:
    headers = {**NNCB, "Last-Event-ID": str(2**63 - 1)}
    async with start_stack("notify", **QUICK) as stack, live(stack, headers) as stream:
        lines = stream.aiter_lines()
        assert await anext(lines) == "event: unread"
        beats = 0
        while beats < 3:  # three heartbeats: the polls after that id went on
            beats += await asyncio.wait_for(anext(lines), timeout=5) == ": keep-alive"
