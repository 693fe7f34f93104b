"""The aggregate's figures: per unit with rankings, unchanged by replay, and rebuilt the same."""

from datetime import UTC, datetime
from typing import Any

from nats.js.api import ConsumerInfo

from office.replay import replay_events
from tests.integration.test_incoming_slice import incoming
from tests.support import NatsServer, eventually, jetstream, token

STAFF = token()
ADMIN = token(sub="root", roles=("admin",))

SCENARIO = [
    ("NNCB", "oa", "none", "2022-02-03T09:00:00+08:00"),
    ("NNCB", "paper", "none", "2022-05-03T09:00:00+08:00"),
    ("NNCB", "oa", "secret", "2022-05-04T09:00:00+08:00"),
    ("LZCB", "intranet", "none", "2022-07-01T09:00:00+08:00"),
    ("LZCB", "email", "none", "2021-07-01T09:00:00+08:00"),
    ("GLCB", "oa", "none", "2022-12-31T23:59:00+08:00"),
    ("GLCB", "courier", "none", "2022-11-11T11:00:00+08:00"),
]


async def register_scenario(stack: Any) -> None:
    for unit, channel, classification, when in SCENARIO:
        body = incoming(unit=unit, channel=channel, classification=classification, received_at=when)
        answer = await stack.docs.post("/api/v1/incoming", json=body, headers=STAFF)
        assert answer.status_code == 201, answer.text


async def stats(stack: Any, path: str, **params: Any) -> dict[str, Any]:
    answer = await stack.aggregate.get(path, params=params, headers=STAFF)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def wait_for_total(stack: Any, year: int, total: int) -> None:
    async def reached() -> bool:
        return bool(
            (await stats(stack, f"/api/v1/stats/{year}"))["docs"]["received"]["total"]["value"] == total
        )

    await eventually(reached, within=20)


async def test_each_unit_has_its_own_figures_and_a_rank(start_stack: Any) -> None:
    async with start_stack("docs", "aggregate") as stack:
        await register_scenario(stack)
        await wait_for_total(stack, 2022, 6)
        nanning = (await stats(stack, "/api/v1/stats/2022", unit="NNCB"))["docs"]["received"]
        assert nanning["total"]["value"] == 3
        assert (nanning["oa"]["value"], nanning["paper_email"]["value"], nanning["classified"]["value"]) == (
            1,
            1,
            1,
        )
        liuzhou = (await stats(stack, "/api/v1/stats/2022", unit="LZCB"))["docs"]["received"]["total"]
        assert liuzhou == {"value": 1, "prev": 1, "delta": 0, "delta_pct": 0.0}

        table = await stats(stack, "/api/v1/stats/2022/units")
        by_code = {row["code"]: row for row in table["items"]}
        assert by_code["GLCB"]["stats"]["docs"]["received"]["total"]["value"] == 2
        assert by_code["GO"]["stats"]["docs"]["received"]["total"]["value"] == 0
        ranking = table["rankings"]["docs.received.total"]
        assert [(r["unit"], r["rank"]) for r in ranking[:3]] == [("NNCB", 1), ("GLCB", 2), ("LZCB", 3)]
        assert {r["rank"] for r in ranking[3:]} == {4}  # every unit with none shares the next rank


async def test_a_unit_may_see_only_its_own_figures(start_stack: Any) -> None:
    async with start_stack("aggregate") as stack:
        liaison = token(sub="nn", unit="NNCB", roles=("liaison",))
        own = await stack.aggregate.get("/api/v1/stats/2022", params={"unit": "NNCB"}, headers=liaison)
        assert own.status_code == 200
        other = await stack.aggregate.get("/api/v1/stats/2022", params={"unit": "LZCB"}, headers=liaison)
        assert other.status_code == 403
        office = await stack.aggregate.get("/api/v1/stats/2022", headers=liaison)
        assert office.status_code == 403
        table = await stack.aggregate.get("/api/v1/stats/2022/units", headers=liaison)
        assert table.status_code == 403
        unknown = await stack.aggregate.get("/api/v1/stats/2022", params={"unit": "XX"}, headers=STAFF)
        assert unknown.status_code == 422
        assert (await stack.aggregate.get("/api/v1/stats/2022")).status_code == 401
        assert (await stack.aggregate.get("/api/v1/stats/99999", headers=STAFF)).status_code == 422


async def deliveries_to_aggregate(url: str) -> int:
    """How many messages the aggregate's consumers have been handed, redeliveries included,
    once they have acknowledged all of them."""
    async with jetstream(url) as js:
        consumers = [c for c in await js.consumers_info("OFFICE") if (c.name or "").startswith("aggregate")]
    assert consumers
    if any(c.num_pending or c.num_ack_pending for c in consumers):
        return -1
    return sum(_delivered(c) for c in consumers)


def _delivered(consumer: ConsumerInfo) -> int:
    assert consumer.delivered is not None
    return consumer.delivered.consumer_seq or 0


async def docs_messages(url: str) -> int:
    async with jetstream(url) as js:
        info = await js.stream_info("OFFICE", subjects_filter="office.docs.>")
    return sum((info.state.subjects or {}).values())


async def test_replaying_the_event_log_changes_no_figure(start_stack: Any, nats_server: NatsServer) -> None:
    async with start_stack("docs", "aggregate") as stack:
        await register_scenario(stack)
        await wait_for_total(stack, 2022, 6)
        before = await stats(stack, "/api/v1/stats/2022/units")
        handed = await deliveries_to_aggregate(nats_server.url)
        settings, since = stack.apps["docs"].state.settings, datetime(2000, 1, 1, tzinfo=UTC)

        within = await replay_events(settings, since)  # the original ids, inside the window
        assert (within.published, within.duplicates) == (0, len(SCENARIO))
        redelivered = await replay_events(settings, since, redeliver=True)
        assert (redelivered.published, redelivered.duplicates) == (len(SCENARIO), 0)
        assert await docs_messages(nats_server.url) == 2 * len(SCENARIO)

        async def handed_again() -> bool:
            return await deliveries_to_aggregate(nats_server.url) == handed + len(SCENARIO)

        await eventually(handed_again, within=20)
        status = await stats(stack, "/api/v1/admin/status")
        assert status["events_applied"] == len(SCENARIO)
        assert await stats(stack, "/api/v1/stats/2022/units") == before
        again = await replay_events(settings, since, redeliver=True)  # a fresh mark: taken again
        assert (again.published, again.duplicates) == (len(SCENARIO), 0)


async def test_a_rebuild_gives_the_same_figures_and_queries_answer_meanwhile(start_stack: Any) -> None:
    async with start_stack("docs", "aggregate") as stack:
        await register_scenario(stack)
        await wait_for_total(stack, 2022, 6)
        before = await stats(stack, "/api/v1/stats/2022/units")
        refused = await stack.aggregate.post("/api/v1/admin/rebuild", headers=STAFF)
        assert refused.status_code == 403
        started = await stack.aggregate.post("/api/v1/admin/rebuild", headers=ADMIN)
        assert started.status_code == 202
        assert started.json()["rebuilding"] == 2
        assert await stats(stack, "/api/v1/stats/2022/units") == before

        async def swapped() -> bool:
            status = await stats(stack, "/api/v1/admin/status")
            return bool(status["generation"] == 2 and status["rebuilding"] is None)

        await eventually(swapped, within=20)
        assert await stats(stack, "/api/v1/stats/2022/units") == before
        status = await stats(stack, "/api/v1/admin/status")
        assert status["events_applied"] == len(SCENARIO)
        assert status["lag"] == 0

        late = incoming(unit="GO", received_at="2022-06-01T09:00:00+08:00")
        assert (await stack.docs.post("/api/v1/incoming", json=late, headers=STAFF)).status_code == 201
        await wait_for_total(stack, 2022, 7)
