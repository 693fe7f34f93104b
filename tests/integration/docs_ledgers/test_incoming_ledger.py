"""The incoming ledger (收文登记簿) as an office keeps it, read back with openpyxl, and imported back."""

import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest

from tests.integration.docs_ledgers.support import (
    NANNING,
    PROBLEM,
    STAFF,
    XLSX,
    assert_office_layout,
    headers,
    records,
    sheet_of,
    width,
)
from tests.support import file_name, token

HEADERS = ["收文编号", "收文时间", "来文单位", "来文字号", "标题", "渠道", "密级", "缓急", "收文单位",
           "主办单位", "协办单位", "办理期限", "状态", "办结时间", "催办次数"]  # fmt: skip


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def register(stack: Any, **fields: Any) -> dict[str, Any]:
    body = {"title": "关于做好防汛工作的通知", "source_org": "省政府办公厅",
            "source_ref": "桂政办发〔2022〕3号", "channel": "oa", "urgency": "urgent",
            "received_at": "2022-02-08T01:30:00Z", **fields}  # fmt: skip
    answer = await stack.docs.post("/api/v1/incoming", json=body, headers=STAFF)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def handled(stack: Any) -> dict[str, Any]:
    """A document assigned to 南宁市局 with 柳州市局 assisting, completed by 南宁市局."""
    doc = await register(stack)
    assign = {
        "lead_unit": "NNCB",
        "assist_units": ["LZCB"],
        "due": "2022-02-15",
        "at": "2022-02-08T10:00:00+08:00",
    }
    assert (
        await stack.docs.post(f"/api/v1/incoming/{doc['id']}/assign", json=assign, headers=STAFF)
    ).is_success
    done = {"at": "2022-02-14T16:45:00+08:00"}
    answer = await stack.docs.post(f"/api/v1/incoming/{doc['id']}/complete", json=done, headers=STAFF)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def export(stack: Any, caller: dict[str, str] = STAFF, **params: Any) -> Any:
    return await stack.docs.get("/api/v1/ledgers/incoming", params={"year": 2022, **params}, headers=caller)


async def listed(stack: Any, year: int = 2022) -> list[dict[str, Any]]:
    answer = await stack.docs.get("/api/v1/incoming", params={"year": year, "limit": 200}, headers=STAFF)
    return answer.json()["items"]  # type: ignore[no-any-return]


async def test_the_ledger_has_chinese_headers_words_and_local_date_cells(docs: Any) -> None:
    await handled(docs)
    await register(docs, title="密件", channel="courier", classification="secret", urgency="very_urgent",
                   received_at="2022-03-01T17:00:00Z", unit="LZCB")  # fmt: skip  # 3月2日 01:00 in 北京
    answer = await export(docs)
    assert file_name(answer) == "2022年收文登记簿.xlsx"
    sheet = sheet_of(answer)
    assert_office_layout(sheet, "2022年收文登记簿", len(HEADERS))
    assert headers(sheet) == HEADERS
    assert width(sheet, "标题") >= 40
    first, second = records(sheet)
    assert first == {
        "收文编号": "收〔2022〕1号", "收文时间": datetime(2022, 2, 8, 9, 30), "来文单位": "省政府办公厅",
        "来文字号": "桂政办发〔2022〕3号", "标题": "关于做好防汛工作的通知", "渠道": "OA系统", "密级": "非密",
        "缓急": "加急", "收文单位": "办公室", "主办单位": "南宁市局", "协办单位": "柳州市局",
        "办理期限": datetime(2022, 2, 15), "状态": "已办结", "办结时间": datetime(2022, 2, 14, 16, 45),
        "催办次数": 0,
    }  # fmt: skip
    assert (second["收文时间"], second["渠道"], second["密级"], second["缓急"], second["状态"]) == (
        datetime(2022, 3, 2, 1, 0), "机要", "秘密", "特急", "已登记")  # fmt: skip
    assert sheet["B3"].is_date and sheet["B3"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["L3"].is_date and sheet["L3"].number_format == "yyyy-mm-dd"
    assert sheet["N3"].number_format == "yyyy-mm-dd hh:mm"


async def test_the_csv_ledger_has_the_same_headers_and_local_times(docs: Any) -> None:
    await handled(docs)
    answer = await export(docs, format="csv")
    assert file_name(answer) == "2022年收文登记簿.csv"
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == HEADERS
    assert lines[1].startswith("收〔2022〕1号,2022-02-08 09:30,省政府办公厅,")


async def test_an_exported_ledger_imports_back_as_it_was(docs: Any) -> None:
    await handled(docs)
    await register(docs, title="=1+1 公式般的标题", channel="paper", urgency="normal", source_ref=None,
                   received_at="2022-12-31T16:30:00Z")  # fmt: skip  # 2023年1月1日 in 北京: not this year
    await register(docs, title="关于报送统计数据的函", channel="email", urgency="normal", source_ref=None,
                   received_at="2022-12-31T15:59:00Z", unit="NNCB")  # fmt: skip
    exported = await export(docs)
    again = await docs.docs.post(
        "/api/v1/ledgers/incoming", content=exported.content, headers={**STAFF, "Content-Type": XLSX}
    )
    assert again.status_code == 201, again.text
    assert again.json() == {"imported": 2, "reg_nos": ["收〔2022〕3号", "收〔2022〕4号"]}
    kept = ("title", "source_org", "source_ref", "channel", "classification", "urgency", "unit")
    originals, copies = (await listed(docs))[:2], (await listed(docs))[2:]
    assert [{k: d[k] for k in kept} for d in copies] == [{k: d[k] for k in kept} for d in originals]
    assert [_instant(d["received_at"]) for d in copies] == [_instant(d["received_at"]) for d in originals]
    assert [d["status"] for d in copies] == ["registered", "registered"]  # the handling is not imported


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def workbook(*rows: list[Any], title: str | None = "2021年收文登记簿") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CHINESE = ["标题", "来文单位", "渠道", "密级", "缓急", "收文时间", "收文单位"]


async def test_a_sheet_kept_by_hand_with_chinese_headers_and_date_cells_is_imported(docs: Any) -> None:
    content = workbook(
        CHINESE,
        ["关于防汛的通知", "省水利厅", "纸质", "非密", "特急", datetime(2021, 6, 1, 9, 0), "南宁市局"],
        ["会议通知", "省发展改革委", "邮箱", None, None, "2021-07-01 14:30", "LZCB"],
        [
            "关于报送统计数据的函",
            "国家统计局",
            "内网",
            "非密",
            "加急",
            44409.375,
            "GO",
        ],  # a serial day, unformatted
        [
            "关于开会的通知",
            "省财政厅",
            "OA系统",
            "非密",
            "平件",
            "2021/9/1 8:05",
            "GO",
        ],  # as WPS writes a date
        title=None,
    )
    answer = await docs.docs.post(
        "/api/v1/ledgers/incoming", content=content, headers={**STAFF, "Content-Type": XLSX}
    )
    assert answer.status_code == 201, answer.text
    got = [
        (d["channel"], d["urgency"], d["unit"], _instant(d["received_at"])) for d in await listed(docs, 2021)
    ]
    assert got == [
        ("paper", "very_urgent", "NNCB", datetime.fromisoformat("2021-06-01T01:00:00+00:00")),
        ("email", "normal", "LZCB", datetime.fromisoformat("2021-07-01T06:30:00+00:00")),
        ("intranet", "urgent", "GO", datetime.fromisoformat("2021-08-01T01:00:00+00:00")),
        ("oa", "normal", "GO", datetime.fromisoformat("2021-09-01T00:05:00+00:00")),
    ]


async def test_the_same_idempotency_key_twice_imports_once(docs: Any) -> None:
    content = workbook(
        CHINESE, ["关于防汛的通知", "省水利厅", "OA系统", "非密", "平件", datetime(2019, 6, 1, 9), "办公室"]
    )
    sent = {**STAFF, "Content-Type": XLSX, "Idempotency-Key": "ledger-2019-import"}
    first = await docs.docs.post("/api/v1/ledgers/incoming", content=content, headers=sent)
    again = await docs.docs.post("/api/v1/ledgers/incoming", content=content, headers=sent)
    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json() == {"imported": 1, "reg_nos": ["收〔2019〕1号"]}
    assert again.headers.get("idempotent-replayed") == "true"
    assert len(await listed(docs, 2019)) == 1
    other = await docs.docs.post(
        "/api/v1/ledgers/incoming", content=content, headers={**sent, "Idempotency-Key": "k2"}
    )
    assert other.json()["reg_nos"] == ["收〔2019〕2号"]  # another key is another import
    another_file = workbook(
        CHINESE, ["关于抗旱的通知", "省水利厅", "OA系统", "非密", "平件", datetime(2019, 7, 1, 9), "办公室"]
    )
    reused = await docs.docs.post("/api/v1/ledgers/incoming", content=another_file, headers=sent)
    assert reused.status_code == 422 and reused.headers["content-type"] == PROBLEM, reused.text
    assert [d["title"] for d in await listed(docs, 2019)] == ["关于防汛的通知"] * 2  # nothing imported


async def test_a_unit_sees_only_its_own_rows(docs: Any) -> None:
    await handled(docs)  # registered by 办公室, led by 南宁市局
    await register(docs, title="柳州市局的收文", unit="LZCB")
    await register(docs, title="南宁市局的收文", unit="NNCB")
    own = records(sheet_of(await export(docs, NANNING)))
    assert [r["标题"] for r in own] == ["关于做好防汛工作的通知", "南宁市局的收文"]
    one_unit = await export(docs, unit="LZCB")  # the office asks for 柳州市局's: registered or assisted
    assert file_name(one_unit) == "2022年收文登记簿（柳州市局）.xlsx"
    sheet = sheet_of(one_unit)
    assert sheet["A1"].value == "2022年收文登记簿（柳州市局）"
    assert [r["标题"] for r in records(sheet)] == ["关于做好防汛工作的通知", "柳州市局的收文"]
    refused = await export(docs, NANNING, unit="LZCB")
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"] == PROBLEM
    unknown = await export(docs, unit="XXCB")
    assert unknown.status_code == 422 and unknown.headers["content-type"] == PROBLEM


BAD_FILES = {
    "not a workbook": (b"PK\x03\x04 not really a zip", XLSX),
    "a title row only": (workbook(), XLSX),
    "no rows": (workbook(CHINESE), XLSX),
    "an unknown word": (
        workbook(CHINESE, ["标题", "来文单位", "传真", "非密", "平件", datetime(2021, 6, 1), "办公室"]),
        XLSX,
    ),
    "an unknown unit": (
        workbook(CHINESE, ["标题", "来文单位", "纸质", "非密", "平件", datetime(2021, 6, 1), "某某局"]),
        XLSX,
    ),
    "a text for a time": ("收文时间,标题,来文单位,渠道\n昨天,通知,省政府,纸质\n".encode(), "text/csv"),
    "a number for a time": (
        "收文时间,标题,来文单位,渠道\n-5,通知,省政府,纸质\n".encode(),
        "text/csv",
    ),  # no Unix time
    "not utf-8": ("标题,来文单位\n".encode("gbk"), "text/csv"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
async def test_a_bad_file_is_a_422_problem_and_imports_nothing(docs: Any, name: str) -> None:
    content, media_type = BAD_FILES[name]
    answer = await docs.docs.post(
        "/api/v1/ledgers/incoming", content=content, headers={**STAFF, "Content-Type": media_type}
    )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert await listed(docs, 2021) == []


async def test_a_bad_row_is_named_by_its_row_in_the_sheet(docs: Any) -> None:
    good = ["关于防汛的通知", "省水利厅", "纸质", "非密", "特急", datetime(2021, 6, 1, 9, 0), "南宁市局"]
    content = workbook(CHINESE, good, [*good[:2], "传真", *good[3:]])  # row 1 title, row 2 headers
    answer = await docs.docs.post(
        "/api/v1/ledgers/incoming", content=content, headers={**STAFF, "Content-Type": XLSX}
    )
    assert answer.status_code == 422, answer.text
    assert [(e["row"], e["field"]) for e in answer.json()["errors"]] == [(4, "channel")]


async def test_a_year_out_of_range_or_no_token_is_refused(docs: Any) -> None:
    assert (await export(docs, year=1800)).status_code == 422
    assert (await docs.docs.get("/api/v1/ledgers/incoming", params={"year": 2022})).status_code == 401
    liaison = token(sub="nn", unit="NNCB", roles=("liaison",))
    assert (
        await docs.docs.post(
            "/api/v1/ledgers/incoming", content=workbook(CHINESE), headers={**liaison, "Content-Type": XLSX}
        )
    ).status_code == 403
