"""Notices that arrive: the monthly notices reach each unit they concern, a dispatch to a group
(各处室) reaches every unit of it, and a refused swap reaches whoever asked for it."""

import asyncio
import json
from pathlib import Path
from typing import Any

from shared.settings import SAMPLE_UNITS_FILE
from shared.units import UnitRegistry
from tests.integration.docs.support import LEADER, REVIEWER, act, draft
from tests.integration.docs_supervision.support import item
from tests.integration.infoscore.helpers import RULES_2022, adopt, set_rules, submit
from tests.integration.logistics_duty.conftest import roster, shift_of
from tests.integration.notify.helpers import (
    LOCAL_RECEIVERS,
    NNCB_MAIL,
    STAFF,
    Bus,
    Mailbox,
    WebhookReceiver,
    liaison,
    mail_settings,
    mails,
)
from tests.support import NatsServer, eventually, token

REGISTRY = UnitRegistry.load(SAMPLE_UNITS_FILE)
DIVISIONS = [u.code for u in REGISTRY.units if u.kind == "division"]


async def titles(stack: Any, headers: dict[str, str]) -> list[str]:
    answer = await stack.notify.get("/api/v1/inbox", headers=headers)
    assert answer.status_code == 200, answer.text
    return [i["title"] for i in answer.json()["items"]]


async def told(stack: Any, units: list[str], title: str) -> None:
    """Waits until the inbox of each of these units shows the title."""

    async def arrived() -> bool:
        for unit in units:
            if title not in await titles(stack, liaison(unit)):
                return False
        return True

    await eventually(arrived, within=30)


async def republished(bus: Bus, unit: str, subject: str, within: float = 5.0) -> list[dict[str, Any]]:
    """The unit's messages on `subject`, once one came or `within` seconds passed: the unit's other
    messages (an earlier adoption's, say) may come first, in a pull of their own."""
    wanted = f"units.{unit}.{subject}"
    deadline = asyncio.get_running_loop().time() + within
    found: list[dict[str, Any]] = []
    while not found and (left := deadline - asyncio.get_running_loop().time()) > 0:
        messages = await bus.unit_messages(unit, at_least=1, within=left)
        found = [json.loads(m.data) for m in messages if m.subject == wanted]
    return found


async def test_the_supervision_notice_reaches_each_unit_it_lists(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("docs", "notify") as stack, Bus(nats_server.url) as bus:
        await item(stack, assignee_unit="NNCB", due="2022-09-20")
        await item(stack, assignee_unit="LZCB", due="2022-09-30")
        answer = await stack.docs.post(
            "/api/v1/supervision/notices", json={"year": 2022, "month": 9}, headers=STAFF
        )
        assert answer.status_code == 201, answer.text

        await told(stack, ["NNCB", "LZCB"], "督办月通报：2022年9月")
        for unit in ("NNCB", "LZCB"):
            [envelope] = await republished(bus, unit, "docs.supervision_notice.published")
            assert envelope["data"]["recipient_units"] == ["LZCB", "NNCB"]
        assert await titles(stack, liaison("GLCB")) == []  # not in the notice
        assert await republished(bus, "GLCB", "docs.supervision_notice.published") == []


async def test_the_information_notice_reaches_every_unit_it_names(
    start_stack: Any, nats_server: NatsServer, tmp_path: Path
) -> None:
    receiver = WebhookReceiver()
    await receiver.start()
    settings = {**mail_settings(tmp_path, Mailbox(), mail_event_types=("office.>",)), **LOCAL_RECEIVERS}
    try:
        async with start_stack("infoscore", "notify", **settings) as stack, Bus(nats_server.url) as bus:
            body = {"url": receiver.url, "event_types": ["office.infoscore.notice.>"]}
            hook = await stack.notify.post("/api/v1/webhooks", json=body, headers=liaison("ITC"))
            assert hook.status_code == 201, hook.text
            await set_rules(stack, 2022, RULES_2022)
            await adopt(stack, (await submit(stack, unit="FIN"))["id"], level="national")
            notice = await stack.infoscore.post(
                "/api/v1/notices", json={"year": 2022, "month": 3}, headers=STAFF
            )
            assert notice.status_code == 201, notice.text

            title = "信息工作通报：关于2022年3月政务信息工作情况的通报"
            await told(stack, [u.code for u in REGISTRY.units], title)
            for unit in ("GO", "FIN", "ITC", "CZCB"):
                [envelope] = await republished(bus, unit, "infoscore.notice.published")
                assert envelope["subject"] == notice.json()["id"]

            async def hooked() -> bool:
                return len(receiver.received) == 1

            await eventually(hooked)
            assert receiver.received[0].event["type"] == "office.infoscore.notice.published.v1"
            [mail] = [m for m in await mails(stack) if m.address == NNCB_MAIL]
            assert (mail.recipient, mail.subject) == ("NNCB", title)
    finally:
        await receiver.stop()


async def dispatched(stack: Any, **fields: Any) -> dict[str, Any]:
    doc = await draft(stack, **fields)
    await act(stack, doc["id"], "submit")
    await act(stack, doc["id"], "approve", REVIEWER)
    await act(stack, doc["id"], "sign", LEADER)
    return await act(stack, doc["id"], "dispatch")


async def test_a_dispatch_to_every_division_reaches_each_division_of_the_registry(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("docs", "notify") as stack, Bus(nats_server.url) as bus:
        sent = await dispatched(
            stack,
            drafting_unit="GO",
            main_recipients=["各处室"],
            cc_recipients=["北部湾各市局", "省应急管理厅"],
        )
        bays = ["NNCB", "BHCB", "FCGCB", "QZCB"]
        assert sent["main_recipients"] == ["各处室"]  # as the register shows it
        assert sent["recipient_units"] == DIVISIONS + bays
        record = (await stack.docs.get(f"/api/v1/outgoing/{sent['id']}", headers=STAFF)).json()
        assert (record["main_recipients"], record["recipient_units"]) == (["各处室"], DIVISIONS + bays)

        title = f"收到发文：{sent['doc_no']} {sent['title']}"
        await told(stack, [*DIVISIONS, *bays], title)
        [envelope] = await republished(bus, "AUD", "docs.outgoing.dispatched")
        assert envelope["data"]["recipients"][0] == {
            "name": "各处室", "role": "main", "unit": None, "group_units": DIVISIONS,
        }  # fmt: skip
        for other in ("ITC", "LZCB"):  # an affiliated unit, a city bureau outside the group
            assert await titles(stack, liaison(other)) == []


async def test_a_refused_swap_reaches_whoever_asked_for_it(start_stack: Any) -> None:
    leader = token(sub="lao-wang", unit="GO", roles=("leader",))
    zhang = token(sub="xiao-zhang", unit="GO", roles=("liaison",))
    async with start_stack("logistics", "notify") as stack:
        answer = await stack.logistics.post(
            "/api/v1/duty/rosters", json=roster("2099-10-01", 3, holiday="国庆节"), headers=STAFF
        )
        assert answer.status_code == 201, answer.text
        shift = shift_of(answer.json(), "2099-10-01")  # xiao-zhang's
        body = {"shift": shift["id"], "with_person": "xiao-liu", "reason": "家中有事"}
        swap = await stack.logistics.post(
            "/api/v1/duty/swaps", json=body, headers=STAFF
        )  # alice asks for him
        assert swap.status_code == 201, swap.text
        refused = await stack.logistics.post(
            f"/api/v1/duty/swaps/{swap.json()['id']}/reject",
            json={"reason": "已安排，不宜调整"},
            headers=leader,
        )
        assert refused.status_code == 200, refused.text

        title = "换班未批准：2099年10月1日（已安排，不宜调整）"

        async def personal(headers: dict[str, str]) -> list[dict[str, Any]]:
            answer = await stack.notify.get("/api/v1/inbox", headers=headers)
            return [i for i in answer.json()["items"] if i["title"] == title and i["kind"] == "user"]

        async def arrived() -> bool:
            return bool(await personal(STAFF)) and bool(await personal(zhang))

        await eventually(arrived, within=30)
        [told_alice] = await personal(STAFF)
        assert told_alice["event_type"] == "office.logistics.duty.swap_rejected.v1"
