"""The incoming ledger as a spreadsheet: a year exported, a past year imported all-or-nothing."""

import io
from typing import Any

import openpyxl
import pytest

from tests.support import token

STAFF = token(clearance="none")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = "title,source_org,source_ref,channel,classification,urgency,received_at,unit\n"
GOOD = [
    "关于做好防汛工作的通知,省政府办公厅,桂政办发〔2021〕3号,oa,none,urgent,2021-06-01T09:00:00+08:00,GO",
    "关于报送统计数据的函,国家统计局,,paper,none,normal,2021-07-01T09:00:00+08:00,NNCB",
    "会议通知,省发展改革委,,email,none,normal,2021-08-01T09:00:00+08:00,",
]


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


def csv_of(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


async def listed(stack: Any, year: int) -> list[dict[str, Any]]:
    answer = await stack.docs.get(
        "/api/v1/incoming", params={"year": year}, headers=token(clearance="top_secret")
    )
    return answer.json()["items"]  # type: ignore[no-any-return]


async def test_a_past_year_is_imported_and_exported_again(docs: Any) -> None:
    headers = {**STAFF, "Content-Type": "text/csv"}
    answer = await docs.docs.post("/api/v1/ledgers/incoming", content=csv_of(*GOOD), headers=headers)
    assert answer.status_code == 201, answer.text
    assert answer.json() == {"imported": 3, "reg_nos": ["收〔2021〕1号", "收〔2021〕2号", "收〔2021〕3号"]}
    assert [d["unit"] for d in await listed(docs, 2021)] == ["GO", "NNCB", "GO"]

    secret = {"title": "密件", "source_org": "省保密局", "channel": "courier", "classification": "secret",
              "received_at": "2021-09-01T09:00:00+08:00"}  # fmt: skip
    cleared = token(clearance="secret")
    assert (await docs.docs.post("/api/v1/incoming", json=secret, headers=cleared)).status_code == 201
    exported = await docs.docs.get("/api/v1/ledgers/incoming", params={"year": 2021}, headers=STAFF)
    assert exported.headers["content-type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("收文编号", "收文时间", "来文单位")
    assert [r[0] for r in rows[2:]] == [
        "收〔2021〕1号",
        "收〔2021〕2号",
        "收〔2021〕3号",
    ]  # no 密件 for STAFF


async def test_an_export_reads_back_as_an_import(docs: Any, start_stack: Any) -> None:
    headers = {**STAFF, "Content-Type": "text/csv"}
    assert (
        await docs.docs.post("/api/v1/ledgers/incoming", content=csv_of(*GOOD), headers=headers)
    ).is_success
    exported = await docs.docs.get("/api/v1/ledgers/incoming", params={"year": 2021}, headers=STAFF)
    again = await docs.docs.post(
        "/api/v1/ledgers/incoming", content=exported.content, headers={**STAFF, "Content-Type": XLSX}
    )
    assert again.status_code == 201, again.text
    assert again.json()["imported"] == 3
    assert len(await listed(docs, 2021)) == 6


async def test_a_ledger_with_bad_rows_imports_nothing_and_names_each_row(docs: Any) -> None:
    bad = [GOOD[0], GOOD[1].replace(",paper,", ",fax,"), GOOD[2].replace("2021-08-01T09:00:00+08:00", "昨天"),
           GOOD[0].replace(",GO", ",XXCB")]  # fmt: skip
    answer = await docs.docs.post(
        "/api/v1/ledgers/incoming", content=csv_of(*bad), headers={**STAFF, "Content-Type": "text/csv"}
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert [(e["row"], e["field"]) for e in answer.json()["errors"]] == [
        (3, "channel"),
        (4, "received_at"),
        (5, "unit"),
    ]
    assert await listed(docs, 2021) == []


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Content-Type": "application/pdf"}, 422),
        ({"Content-Type": XLSX}, 422),  # not a workbook
        ({"Content-Type": "text/csv", **token(sub="nn", unit="NNCB", roles=("liaison",))}, 403),
        ({"Content-Type": "text/csv", "Authorization": ""}, 401),
    ],
    ids=["wrong type", "unreadable", "a unit", "no token"],
)
async def test_an_import_that_cannot_be_taken_stores_nothing(
    docs: Any, headers: dict[str, str], status: int
) -> None:
    answer = await docs.docs.post(
        "/api/v1/ledgers/incoming", content=csv_of(*GOOD), headers={**STAFF, **headers}
    )
    assert answer.status_code == status, answer.text
    assert await listed(docs, 2021) == []
