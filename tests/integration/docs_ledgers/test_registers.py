"""The registers kept beside the incoming ledger: 发文登记簿 and 督办台账, read back with openpyxl."""

from datetime import datetime
from typing import Any

import pytest

from shared.settings import SAMPLE_UNITS_FILE
from shared.units import UnitRegistry
from tests.integration.docs.support import LEADER, REVIEWER, act, draft, outgoing
from tests.integration.docs_ledgers.support import (
    NANNING,
    PROBLEM,
    STAFF,
    assert_office_layout,
    headers,
    records,
    sheet_of,
)
from tests.support import file_name, token

PERSONNEL = token(sub="per", unit="PER", roles=("liaison",), clearance="top_secret")
OUTGOING = [
    "文号",
    "标题",
    "文种",
    "拟稿单位",
    "签发人",
    "签发日期",
    "成文日期",
    "密级",
    "缓急",
    "主送",
    "抄送",
    "退回次数",
    "分发时间",
    "分发单位",
    "状态",
]
SUPERVISION = [
    "督办事项",
    "来源",
    "来源编号",
    "承办单位",
    "交办日期",
    "办理期限",
    "状态",
    "进展次数",
    "最新进展",
    "最新进展时间",
    "催办次数",
    "办结时间",
    "是否逾期",
    "按期办结",
]


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def signed(stack: Any, at: str, **fields: Any) -> dict[str, Any]:
    doc = await draft(stack, at="2022-03-01T09:00:00+08:00", **fields)
    await act(stack, doc["id"], "submit")
    await act(stack, doc["id"], "approve", REVIEWER)
    return await act(stack, doc["id"], "sign", LEADER, at=at)


async def returned_once_and_dispatched(stack: Any) -> dict[str, Any]:
    doc = await draft(stack, at="2022-03-01T09:00:00+08:00")
    await act(stack, doc["id"], "submit")
    await act(stack, doc["id"], "return", reason="附件名称与正文不一致", at="2022-03-01T10:00:00+08:00")
    revised = await stack.docs.put(f"/api/v1/outgoing/{doc['id']}", json=outgoing(), headers=STAFF)
    assert revised.status_code == 200, revised.text
    await act(stack, doc["id"], "submit")
    await act(stack, doc["id"], "approve", REVIEWER)
    await act(stack, doc["id"], "sign", LEADER, at="2022-03-02T10:00:00+08:00")
    return await act(stack, doc["id"], "dispatch", dispatched_at="2022-03-03T08:00:00+08:00")


async def outgoing_register(stack: Any, caller: dict[str, str] = STAFF, **params: Any) -> Any:
    return await stack.docs.get("/api/v1/ledgers/outgoing", params={"year": 2022, **params}, headers=caller)


async def test_the_outgoing_register_lists_the_numbered_documents_of_the_year(docs: Any) -> None:
    await returned_once_and_dispatched(docs)
    await signed(docs, "2022-03-05T00:30:00+08:00", drafting_unit="PER", urgency="urgent",
                 title="关于开展2022年人事统计的通知")  # fmt: skip  # 3月5日 in 北京, 3月4日 in UTC
    await draft(docs, title="尚未签发的草稿", at="2022-03-10T09:00:00+08:00")  # no 文号: not registered
    answer = await outgoing_register(docs)
    assert file_name(answer) == "2022年发文登记簿.xlsx"
    sheet = sheet_of(answer)
    assert_office_layout(sheet, "2022年发文登记簿", len(OUTGOING))
    assert headers(sheet) == OUTGOING
    first, second = records(sheet)
    assert first == {
        "文号": "X厅办发〔2022〕1号", "标题": "关于开展2022年安全生产检查的通知", "文种": "通知",
        "拟稿单位": "办公室", "签发人": "lead", "签发日期": datetime(2022, 3, 2), "成文日期": "2022年3月2日",
        "密级": "非密", "缓急": "平件", "主送": "南宁市局、柳州市局", "抄送": "省应急管理厅、信息中心",
        "退回次数": 1, "分发时间": datetime(2022, 3, 3, 8, 0), "分发单位": "南宁市局、柳州市局、信息中心",
        "状态": "已分发",
    }  # fmt: skip
    assert (second["文号"], second["拟稿单位"], second["签发日期"], second["缓急"], second["退回次数"]) == (
        "X厅办发〔2022〕2号", "人事处", datetime(2022, 3, 5), "加急", 0)  # fmt: skip
    assert sheet["F3"].number_format == "yyyy-mm-dd" and sheet["M3"].number_format == "yyyy-mm-dd hh:mm"


async def test_a_dispatch_to_a_group_shows_the_group_and_every_unit_it_reached(docs: Any) -> None:
    doc = await signed(docs, "2022-03-02T10:00:00+08:00", main_recipients=["各处室"], cc_recipients=[])
    await act(docs, doc["id"], "dispatch", dispatched_at="2022-03-03T08:00:00+08:00")
    (line,) = records(sheet_of(await outgoing_register(docs)))
    divisions = [u.name for u in UnitRegistry.load(SAMPLE_UNITS_FILE).units if u.kind == "division"]
    assert len(divisions) > 1
    assert (line["主送"], line["分发单位"]) == ("各处室", "、".join(divisions))


async def test_a_unit_sees_only_the_documents_it_drafted(docs: Any) -> None:
    await signed(docs, "2022-03-02T10:00:00+08:00")
    await signed(docs, "2022-03-03T10:00:00+08:00", drafting_unit="PER", title="关于开展2022年人事统计的通知")
    own = sheet_of(await outgoing_register(docs, PERSONNEL))
    assert [r["拟稿单位"] for r in records(own)] == ["人事处"]
    one = sheet_of(await outgoing_register(docs, unit="GO"))
    assert one["A1"].value == "2022年发文登记簿（办公室）"
    assert [r["文号"] for r in records(one)] == ["X厅办发〔2022〕1号"]
    refused = await outgoing_register(docs, PERSONNEL, unit="GO")
    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
    assert records(sheet_of(await outgoing_register(docs, year=2021))) == []
    for bad in ({"unit": "XXCB"}, {"year": "x"}, {"year": 1800}):
        answer = await outgoing_register(docs, **bad)
        assert answer.status_code == 422 and answer.headers["content-type"] == PROBLEM, bad
    for path in ("/api/v1/ledgers/outgoing", "/api/v1/ledgers/supervision"):
        anonymous = await docs.docs.get(path, params={"year": 2022})
        assert anonymous.status_code == 401 and anonymous.headers["content-type"] == PROBLEM


async def supervised(stack: Any) -> None:
    """An open item of 南宁市局 past its deadline with one progress report, one of 柳州市局 done on time,
    and one of 南宁市局 from the year before."""
    items = []
    for unit, at in (("NNCB", "2022-09-01T09:00:00+08:00"), ("LZCB", "2022-09-02T09:00:00+08:00"),
                     ("NNCB", "2021-09-01T09:00:00+08:00")):  # fmt: skip
        body = {"title": f"落实安全生产会议部署（{unit}）", "source": "instruction", "assignee_unit": unit,
                "source_ref": "厅领导批示〔2022〕3号", "due": "2022-09-30", "at": at}  # fmt: skip
        answer = await stack.docs.post("/api/v1/supervision", json=body, headers=STAFF)
        assert answer.status_code == 201, answer.text
        items.append(answer.json()["id"])
    report = {"note": "已召开专题会议部署", "at": "2022-09-10T15:00:00+08:00"}
    assert (
        await stack.docs.post(f"/api/v1/supervision/{items[0]}/progress", json=report, headers=STAFF)
    ).is_success
    done = {"at": "2022-09-20T11:00:00+08:00"}
    assert (
        await stack.docs.post(f"/api/v1/supervision/{items[1]}/complete", json=done, headers=STAFF)
    ).is_success


async def supervision_ledger(stack: Any, caller: dict[str, str] = STAFF, **params: Any) -> Any:
    return await stack.docs.get(
        "/api/v1/ledgers/supervision", params={"year": 2022, **params}, headers=caller
    )


async def test_the_supervision_ledger_shows_progress_and_overdue(docs: Any) -> None:
    await supervised(docs)
    answer = await supervision_ledger(docs)
    assert file_name(answer) == "2022年督办台账.xlsx"
    sheet = sheet_of(answer)
    assert_office_layout(sheet, "2022年督办台账", len(SUPERVISION))
    assert headers(sheet) == SUPERVISION
    late, done = records(sheet)
    assert late == {
        "督办事项": "落实安全生产会议部署（NNCB）", "来源": "领导批示", "来源编号": "厅领导批示〔2022〕3号",
        "承办单位": "南宁市局", "交办日期": datetime(2022, 9, 1), "办理期限": datetime(2022, 9, 30),
        "状态": "办理中", "进展次数": 1, "最新进展": "已召开专题会议部署",
        "最新进展时间": datetime(2022, 9, 10, 15, 0), "催办次数": 0, "办结时间": None, "是否逾期": "是",
        "按期办结": None,
    }  # fmt: skip
    assert (done["承办单位"], done["状态"], done["办结时间"], done["是否逾期"], done["按期办结"]) == (
        "柳州市局", "已办结", datetime(2022, 9, 20, 11, 0), "否", "是")  # fmt: skip
    assert sheet["E3"].number_format == "yyyy-mm-dd" and sheet["J3"].number_format == "yyyy-mm-dd hh:mm"


async def test_a_unit_sees_only_its_own_supervision_items(docs: Any) -> None:
    await supervised(docs)
    own = sheet_of(await supervision_ledger(docs, NANNING))
    assert [r["承办单位"] for r in records(own)] == ["南宁市局"]
    assert len(records(sheet_of(await supervision_ledger(docs, NANNING, year=2021)))) == 1
    one = await supervision_ledger(docs, unit="LZCB")
    assert file_name(one) == "2022年督办台账（柳州市局）.xlsx"
    assert [r["承办单位"] for r in records(sheet_of(one))] == ["柳州市局"]
    refused = await supervision_ledger(docs, NANNING, unit="LZCB")
    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
    unknown = await supervision_ledger(docs, unit="XXCB")
    assert unknown.status_code == 422 and unknown.headers["content-type"] == PROBLEM


async def test_the_register_holds_what_the_callers_clearance_allows_and_audits_it(docs: Any) -> None:
    secret = await signed(docs, "2022-03-02T10:00:00+08:00", classification="secret", secrecy_period="1年")
    await signed(docs, "2022-03-03T10:00:00+08:00", classification="top_secret", secrecy_period="10年")
    bob = token(sub="bob", clearance="secret")
    sheet = sheet_of(await outgoing_register(docs, bob))
    assert [(r["文号"], r["密级"]) for r in records(sheet)] == [("X厅办发〔2022〕1号", "秘密")]
    auditor = token(sub="audrey", roles=("auditor",), clearance="top_secret")
    log = (await docs.docs.get("/api/v1/audit", params={"limit": 200}, headers=auditor)).json()["items"]
    assert [(e["reader"], e["document_id"], e["route"]) for e in log if e["reader"] == "bob"] == [
        ("bob", secret["id"], "GET /ledgers/outgoing")
    ]
