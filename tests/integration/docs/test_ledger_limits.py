"""A ledger import is bounded: by size, by the sheet's declared and real rows, and off the event loop."""

import asyncio
import io
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest

from tests.support import NatsServer, ServiceProcess, eventually, token

STAFF = token(clearance="none")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["title", "source_org", "channel", "received_at", "unit"]
SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs", ledger_max_bytes=2 * 1024 * 1024) as stack:
        yield stack


def valid_workbook(rows: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for n in range(rows):
        title = f"关于做好第{n}项{'全省安全生产检查' * 10}工作的通知"  # long titles: a ledger read slowly
        sheet.append([title, "省政府办公厅", "oa", "2021-06-01T09:00:00+08:00", "GO"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(xml: str) -> bytes:
    """A one-row workbook whose first sheet is replaced by `xml` (compressed: a few hundred KB)."""
    source = zipfile.ZipFile(io.BytesIO(valid_workbook(1)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            target.writestr(part.filename, xml if part.filename == SHEET else source.read(part))
    return out.getvalue()


def sheet_of(rows: int, dimension: str | None) -> str:
    """A sheet of a header and `rows` rows of one cell, with that <dimension> (or none)."""
    cells = '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * rows  # rows numbered by their place
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    header = '<row><c t="inlineStr"><is><t>title</t></is></c></row>'
    return f'<worksheet xmlns="{NS}">{declared}<sheetData>{header}{cells}</sheetData></worksheet>'


async def post(stack: Any, content: bytes) -> Any:
    return await stack.docs.post(
        "/api/v1/ledgers/incoming", content=content, headers={**STAFF, "Content-Type": XLSX}
    )


async def imported(stack: Any) -> list[Any]:
    answer = await stack.docs.get("/api/v1/incoming", params={"year": 2021}, headers=STAFF)
    return answer.json()["items"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("dimension", "said"),
    [("A1:A400001", "5000"), ("A1:A2", "5000"), (None, "未声明尺寸")],
    ids=["declared", "understated", "undeclared"],
)
async def test_a_small_file_of_400000_rows_is_refused_quickly(
    docs: Any, dimension: str | None, said: str
) -> None:
    content = with_sheet(sheet_of(400_000, dimension))
    assert len(content) < 200 * 1024  # the probe's file was 0.18 MB
    started = time.perf_counter()
    answer = await post(docs, content)
    elapsed = time.perf_counter() - started
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert said in answer.json()["detail"]
    assert elapsed < 5.0  # reading all 400,000 rows took 11 s on a quiet machine
    assert await imported(docs) == []


async def test_a_file_that_unpacks_to_a_bomb_is_refused(docs: Any) -> None:
    padding = " " * (70 * 1024 * 1024)
    content = with_sheet(sheet_of(1, "A1:A2").replace("<sheetData>", padding + "<sheetData>"))
    assert len(content) < 1024 * 1024
    answer = await post(docs, content)
    assert answer.status_code == 422, answer.text
    assert "MiB" in answer.json()["detail"]


async def test_a_file_over_the_size_limit_is_413_before_it_is_read(docs: Any) -> None:
    answer = await post(docs, b"PK" + b"\0" * (2 * 1024 * 1024))
    assert answer.status_code == 413, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "MiB" in answer.json()["detail"]
    assert await imported(docs) == []


async def test_healthz_answers_while_a_large_import_is_read(nats_server: NatsServer, tmp_path: Path) -> None:
    """The service as `office up` runs it (SQLite: the event loop is what is measured, not the database)."""
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'docs.db'}"
    service = ServiceProcess("docs", database_url=database_url, nats_url=nats_server.url, data_dir=tmp_path)
    service.start()
    try:
        async with httpx.AsyncClient(base_url=service.url, timeout=300) as client:

            async def ready() -> bool:
                return (await client.get("/readyz")).status_code == 200

            await eventually(ready)  # the stream and consumers are set up: the service is idle
            _, warm = await healthz_during(client, valid_workbook(1))  # a first request costs more
            assert warm.status_code == 201
            latencies, answer = await healthz_during(client, valid_workbook(5000))  # the largest import taken
    finally:
        service.stop()
    assert answer.status_code == 201, answer.text
    assert answer.json()["imported"] == 5000
    assert len(latencies) > 5  # the import took a while, and /healthz was asked throughout
    # within 100 ms on a quiet machine; the bound leaves room for a loaded CI: read on the loop,
    # the import held /healthz for the whole read of the file (1.5 s of 3,000 rows under load)
    assert max(latencies) < 0.5, sorted(latencies)[-5:]


async def healthz_during(client: httpx.AsyncClient, content: bytes) -> tuple[list[float], httpx.Response]:
    """Each /healthz latency, asked every 10 ms while the import of `content` runs; the import's answer."""
    headers = {**STAFF, "Content-Type": XLSX}
    upload = asyncio.create_task(client.post("/api/v1/ledgers/incoming", content=content, headers=headers))
    latencies: list[float] = []
    while not upload.done():
        started = time.perf_counter()
        assert (await client.get("/healthz")).status_code == 200
        latencies.append(time.perf_counter() - started)
        await asyncio.sleep(0.01)
    return latencies, await upload
