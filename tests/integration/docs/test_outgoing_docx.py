"""The format check of a .docx through REST: an upload checked or fixed and nothing stored, a
draft's own file kept and checked with an event counting its findings, bad uploads refused."""

import asyncio
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.integration.docs.support import LEADER, PROBLEM, REVIEWER, STAFF, act, draft, published
from tests.support import NatsServer, eventually, file_name, token
from tests.unit.docs_format.gongwen import Spec, build, pages

pytestmark = pytest.mark.timeout(120)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
META = json.dumps({"kind": "notice", "issuer_code": "X厅办发", "cc_recipients": ["省应急管理厅"]})


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


def upload(data: bytes, name: str = "draft.docx", kind: str = DOCX) -> dict[str, Any]:
    return {"files": {"file": (name, data, kind)}, "data": {"meta": META}}


async def check(docs: Any, data: bytes, **query: str) -> Any:
    return await docs.docs.post("/api/v1/outgoing/check", params=query, headers=STAFF, **upload(data))


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


def macro_enabled() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(build()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
            archive.writestr(item, data)
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 512)
    return out.getvalue()


async def test_an_uploaded_gongwen_is_checked_and_nothing_is_kept(docs: Any, tmp_path: Path) -> None:
    answer = await check(docs, build())
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"ok": True, "findings": []}
    wrong = (await check(docs, build(Spec(margins=(25.4, 25.4, 31.8, 31.8), body_size=14)))).json()
    assert wrong["ok"] is False
    by_code = {f["code"]: f for f in wrong["findings"]}
    assert by_code["LAYOUT_MARGINS"]["where"] == "第1节"
    assert "上边距应为37mm（现为25.4mm）" in by_code["LAYOUT_MARGINS"]["message"]
    assert by_code["LAYOUT_BODY_SIZE"]["where"].startswith("第")
    assert not (tmp_path / "outgoing").exists()


async def test_fix_true_answers_a_corrected_copy_that_passes(docs: Any) -> None:
    answer = await check(docs, build(Spec(margins=(25.4, 25.4, 31.8, 31.8), odd_even=False)), fix="true")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == DOCX
    assert answer.headers["x-format-fixed"] == "LAYOUT_MARGINS,LAYOUT_PAGE_NUMBER_PLACE"
    assert (await check(docs, answer.content)).json() == {"ok": True, "findings": []}


BAD_UPLOADS: dict[str, tuple[str, Any, str, int]] = {
    "not-docx": ("draft.docx", lambda: "这不是Word文档".encode(), DOCX, 422),
    "zip-bomb": ("draft.docx", bomb, DOCX, 422),
    "too-large": ("draft.docx", lambda: b"PK" + b"\0" * (11 * 1024 * 1024), DOCX, 413),
    "docm": ("draft.docm", build, "application/vnd.ms-word.document.macroEnabled.12", 422),
    "docm-renamed": ("draft.docx", macro_enabled, DOCX, 422),  # macro content type and vbaProject
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
async def test_bad_uploads_are_refused_and_nothing_is_stored(docs: Any, tmp_path: Path, case: str) -> None:
    name, make, kind, status = BAD_UPLOADS[case]
    content = make()
    doc = await draft(docs)
    for answer in (
        await docs.docs.post("/api/v1/outgoing/check", headers=STAFF, files={"file": (name, content, kind)}),
        await docs.docs.put(
            f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF, files={"file": (name, content, kind)}
        ),
    ):
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"] == PROBLEM
        assert answer.json()["detail"]
    assert (await docs.docs.get(f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF)).status_code == 404
    assert (await docs.docs.get(f"/api/v1/outgoing/{doc['id']}", headers=STAFF)).json()["file_size"] is None
    assert not (tmp_path / "outgoing").exists() or not list((tmp_path / "outgoing").iterdir())


async def test_healthz_answers_while_a_long_draft_is_checked(docs: Any) -> None:
    long_draft = build(pages(120))
    checking = asyncio.create_task(check(docs, long_draft))
    answered = 0
    while not checking.done():
        await asyncio.sleep(0.01)
        health = await docs.docs.get("/healthz")
        answered += health.status_code == 200 and not checking.done()
    assert checking.result().status_code == 200 and checking.result().json()["ok"] is True
    assert answered >= 3  # the loop kept answering while the file was parsed in a thread


async def test_a_drafts_file_is_kept_checked_and_its_findings_counted(
    docs: Any, nats_server: NatsServer
) -> None:
    doc = await draft(docs)
    wrong = build(Spec(margins=(25.4, 25.4, 31.8, 31.8), body_size=14))
    kept = await docs.docs.put(f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF, **upload(wrong))
    assert kept.status_code == 200, kept.text
    assert kept.json()["file_size"] == len(wrong)
    stored = await docs.docs.get(f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF)
    assert stored.content == wrong
    first = await act(docs, doc["id"], "check")
    assert {f["code"] for f in first["findings"]} == {"LAYOUT_MARGINS", "LAYOUT_BODY_SIZE"}
    refused = await docs.docs.post(f"/api/v1/outgoing/{doc['id']}/submit", headers=STAFF)
    assert refused.status_code == 422
    fixed = (await check(docs, wrong, fix="true")).content
    await docs.docs.put(f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF, **upload(fixed))
    assert (await act(docs, doc["id"], "check"))["findings"] == []

    async def both_checks() -> list[dict[str, Any]]:
        return [e["data"] for s, e in await published(nats_server.url) if s.endswith("outgoing.checked")]

    async def arrived() -> bool:
        return len(await both_checks()) == 2

    await eventually(arrived)
    found, mended = await both_checks()
    assert found["by_code"] == {"LAYOUT_MARGINS": 1, "LAYOUT_BODY_SIZE": 1}
    assert found["layout"] is True and found["drafting_unit"] == "GO"
    assert found["new_by_kind"] == {"page": 1, "text": 1} and found["fixed_by_kind"] == {}
    assert mended["by_code"] == {} and mended["new_by_kind"] == {}
    assert mended["fixed_by_kind"] == {"page": 1, "text": 1}


async def test_a_drafts_file_may_live_in_an_object_store(start_stack: Any, tmp_path: Path) -> None:
    async with start_stack("docs", files_url="memory:///") as stack:
        doc = await draft(stack)
        data = build(Spec(body_size=14))
        kept = await stack.docs.put(f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF, **upload(data))
        assert kept.status_code == 200, kept.text
        stored = await stack.docs.get(f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF)
        assert stored.content == data and file_name(stored) == f"{doc['title']}.docx"
        codes = {f["code"] for f in (await act(stack, doc["id"], "check"))["findings"]}
        assert codes == {"LAYOUT_BODY_SIZE"}
        assert not (tmp_path / "outgoing").exists()


async def test_only_the_drafter_may_replace_the_file_and_only_while_it_is_a_draft(docs: Any) -> None:
    doc = await draft(docs)
    first = build(pages(1))
    assert (
        await docs.docs.put(f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF, **upload(first))
    ).is_success
    other = token(sub="nn", unit="NNCB", roles=("liaison",), clearance="top_secret")
    someone_else = await docs.docs.put(
        f"/api/v1/outgoing/{doc['id']}/file", headers=other, **upload(build(pages(2)))
    )
    assert someone_else.status_code == 404 and someone_else.headers["content-type"] == PROBLEM
    await act(docs, doc["id"], "submit")
    late = await docs.docs.put(f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF, **upload(build(pages(2))))
    assert late.status_code == 409 and late.headers["content-type"] == PROBLEM
    assert (await docs.docs.get(f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF)).content == first


async def test_a_classified_drafts_file_is_not_handed_to_a_caller_below_its_level(docs: Any) -> None:
    doc = await draft(docs, classification="secret")
    content = build(pages(1))
    assert (
        await docs.docs.put(f"/api/v1/outgoing/{doc['id']}/file", headers=STAFF, **upload(content))
    ).is_success
    for caller in (token(clearance="none"), None):
        answer = await docs.docs.get(f"/api/v1/outgoing/{doc['id']}/file", headers=caller or {})
        assert answer.status_code == (404 if caller else 401), answer.text
        assert answer.headers["content-type"] == PROBLEM and content not in answer.content


async def test_a_drafts_file_is_saved_under_its_title_and_once_signed_its_number(docs: Any) -> None:
    doc = await draft(docs)
    url = f"/api/v1/outgoing/{doc['id']}/file"
    assert (await docs.docs.put(url, headers=STAFF, **upload(build(Spec())))).status_code == 200
    assert file_name(await docs.docs.get(url, headers=STAFF)) == f"{doc['title']}.docx"
    await act(docs, doc["id"], "submit")
    await act(docs, doc["id"], "approve", REVIEWER)
    signed = await act(docs, doc["id"], "sign", LEADER)
    assert file_name(await docs.docs.get(url, headers=STAFF)) == f"{signed['doc_no']} {doc['title']}.docx"
