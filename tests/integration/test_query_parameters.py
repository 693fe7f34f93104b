"""Query parameters: one a route does not take is a 422 naming it in every service (never a
list answered unfiltered), and the searches users reached for exist."""

from typing import Any

from tests.integration.docs.support import LEADER, approved
from tests.integration.meetings.helpers import meeting
from tests.integration.test_incoming_slice import incoming
from tests.support import token

STAFF = token(clearance="top_secret")
LISTS = {
    "docs": ("/api/v1/incoming", {"overdue": "true"}, "bogus"),
    "meetings": ("/api/v1/meetings", {"q": "调度"}, "title"),
    "infoscore": ("/api/v1/submissions", {}, "bogus"),
    "logistics": ("/api/v1/supplies/movements", {"item_id": "x"}, "item"),
    "notify": ("/api/v1/inbox", {}, "bogus"),
    "aggregate": ("/api/v1/stats/2022", {}, "units"),
}


async def test_an_unknown_query_parameter_is_422_naming_it_in_every_service(start_stack: Any) -> None:
    async with start_stack(*LISTS) as stack:
        for service, (path, known, unknown) in LISTS.items():
            client = getattr(stack, service)
            assert (await client.get(path, params=known, headers=STAFF)).status_code == 200, service
            answer = await client.get(path, params={**known, unknown: "1"}, headers=STAFF)
            assert answer.status_code == 422, (service, answer.text)
            assert [e["field"] for e in answer.json()["errors"]] == [unknown], service


OUT_OF_BOUNDS = [  # lists whose filters are one query model: its bounds hold, and name the field
    ("/api/v1/incoming", {"year": "2201"}, "year"),
    ("/api/v1/outgoing", {"unit": "U" * 21}, "unit"),
    ("/api/v1/supervision", {"as_of": "2022-02-30"}, "as_of"),
    ("/api/v1/materials", {"year": "1899"}, "year"),
    ("/api/v1/audit", {"document": "d" * 33}, "document"),
]


async def test_a_list_filter_out_of_its_bounds_is_422_naming_it(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        for path, params, field in OUT_OF_BOUNDS:
            answer = await stack.docs.get(path, params=params, headers=STAFF)
            assert answer.status_code == 422, (path, answer.text)
            assert [e["field"] for e in answer.json()["errors"]] == [field], path


async def test_incoming_by_the_senders_reference_and_overdue(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        late = (
            await stack.docs.post(
                "/api/v1/incoming", json=incoming(source_ref="桂政办函〔2022〕7号"), headers=STAFF
            )
        ).json()
        (await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)).json()
        assign = {
            "lead_unit": "NNCB",
            "assist_units": [],
            "due": "2022-03-15",
            "at": "2022-03-02T09:00:00+08:00",
        }
        assert (
            await stack.docs.post(f"/api/v1/incoming/{late['id']}/assign", json=assign, headers=STAFF)
        ).status_code == 200
        found = await stack.docs.get("/api/v1/incoming", params={"q": "〔2022〕7号"}, headers=STAFF)
        assert [d["id"] for d in found.json()["items"]] == [late["id"]]
        overdue = await stack.docs.get("/api/v1/incoming", params={"overdue": "true"}, headers=STAFF)
        assert [d["id"] for d in overdue.json()["items"]] == [late["id"]]
        in_time = await stack.docs.get("/api/v1/incoming", params={"overdue": "false"}, headers=STAFF)
        assert late["id"] not in [d["id"] for d in in_time.json()["items"]]
        assert len(in_time.json()["items"]) == 1


async def test_outgoing_supervision_and_meetings_are_searched_by_text_and_number(start_stack: Any) -> None:
    async with start_stack("docs", "meetings") as stack:
        doc = await approved(stack, title="关于做好防汛工作的通知")
        signed = await stack.docs.post(f"/api/v1/outgoing/{doc['id']}/sign", json={}, headers=LEADER)
        await approved(stack)
        for q in ("防汛", signed.json()["doc_no"]):
            found = await stack.docs.get("/api/v1/outgoing", params={"q": q}, headers=STAFF)
            assert [d["id"] for d in found.json()["items"]] == [doc["id"]], q
        item = {
            "title": "落实防汛部署",
            "source": "instruction",
            "source_ref": "厅领导批示〔2022〕9号",
            "assignee_unit": "NNCB",
            "due": "2099-09-30",
        }
        made = (await stack.docs.post("/api/v1/supervision", json=item, headers=STAFF)).json()
        await stack.docs.post(
            "/api/v1/supervision", json={**item, "title": "其他", "source_ref": None}, headers=STAFF
        )
        for q in ("防汛", "批示〔2022〕9"):
            found = await stack.docs.get("/api/v1/supervision", params={"q": q}, headers=STAFF)
            assert [i["id"] for i in found.json()["items"]] == [made["id"]], q
        await stack.meetings.post(
            "/api/v1/rooms", json={"code": "R301", "name": "301会议室", "capacity": 30}, headers=STAFF
        )
        held = (
            await stack.meetings.post("/api/v1/meetings", json=meeting(title="防汛调度会"), headers=STAFF)
        ).json()
        await stack.meetings.post(
            "/api/v1/meetings",
            json=meeting(start="2022-04-02T09:00:00+08:00", end="2022-04-02T10:00:00+08:00"),
            headers=STAFF,
        )
        found = await stack.meetings.get("/api/v1/meetings", params={"q": "防汛"}, headers=STAFF)
        assert [m["id"] for m in found.json()["items"]] == [held["id"]]


YEARS = [  # routes that took only 2000–2100 before the office's one year rule (shared.bounds)
    ("docs", "/api/v1/supervision/notices/{year}/1", None, 404),
    ("logistics", "/api/v1/receptions", "year", 200),
    ("logistics", "/api/v1/subscriptions", "year", 200),
]


async def test_a_year_is_one_of_the_offices_years_wherever_it_is_taken(start_stack: Any) -> None:
    async with start_stack("docs", "logistics") as stack:
        for service, path, query, inside in YEARS:
            client = getattr(stack, service)
            for year, status in [(1899, 422), (1950, inside), (2150, inside), (2201, 422)]:
                params = {query: str(year)} if query else None
                answer = await client.get(path.format(year=year), params=params, headers=STAFF)
                assert answer.status_code == status, (path, year, answer.text)
                if status == 422:
                    assert [e["field"] for e in answer.json()["errors"]] == ["year"], path
