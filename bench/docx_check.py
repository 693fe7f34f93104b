"""The format check of a 20-page .docx through the docs service: POST /api/v1/outgoing/check
(multipart), one request at a time, so that each latency is one file's parse and check."""

import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.processes import BENCH_SECRET, CpuMeter, Processes
from shared.auth import issue_token
from tests.unit.docs_format.gongwen import build, pages

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
META = '{"kind": "notice", "issuer_code": "X厅办发", "cc_recipients": ["省应急管理厅"]}'
WARMUP = 3


@dataclass
class DocxResult:
    pages: int
    size: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)


async def docx_figure(workdir: Path, *, page_count: int, requests: int) -> DocxResult:
    data = build(pages(page_count))
    result = DocxResult(pages=page_count, size=len(data))
    token = issue_token(secret=BENCH_SECRET, sub="bench", unit="GO", roles=["staff"])
    with Processes(workdir / "docx") as procs:
        nats_child = procs.nats()
        docs = procs.service("docs", nats_url=f"nats://127.0.0.1:{nats_child.port}")
        async with httpx.AsyncClient(
            base_url=docs.url, headers={"Authorization": f"Bearer {token}"}
        ) as client:
            meter = CpuMeter([docs])
            for number in range(WARMUP + requests):
                started = time.perf_counter()
                answer = await client.post(
                    "/api/v1/outgoing/check", files={"file": ("draft.docx", data, DOCX)}, data={"meta": META}
                )
                elapsed = (time.perf_counter() - started) * 1000
                if answer.status_code != 200 or not answer.json()["ok"]:
                    raise RuntimeError(f"the check answered {answer.status_code}: {answer.text[:300]}")
                if number >= WARMUP:
                    result.latencies_ms.append(elapsed)
            result.cpu = meter.percent()
    return result
