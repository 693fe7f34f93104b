"""A complete year (and the year before) of every source of the summary, loaded through each
service's REST, with what the test itself expects of each of the 93 placeholders."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from tests.integration.docs.support import LEADER, act, approved, draft
from tests.support import token

STAFF = token(roles=("staff", "admin"), clearance="top_secret")
UNITS = ["GO", "NNCB", "LZCB", "SAF"]
CHANNELS = ["oa", "intranet", "paper", "email", "courier"]
LEVEL_POINTS = {"national": 10, "provincial": 5, "department": 2}
PROFILE = {
    "name": "某省经济和信息化厅",
    "short_name": "省经信厅",
    "field": "经济和信息化",
    "region": "全区",
    "party_committee": "省委",
    "organs_committee": "省直机关工委",
    "website_platform_level": "省",
    "data_platform": "全省经济和信息化",
    "assessment": "绩效考评",
    "opinion_scope": "整改类",
    "key_matters": "重大项目调度",
    "years": {2021: {"website_platform_level": "厅"}},
}
PROFILE_N = {18: "field", 19: "name", 31: "name", 32: "name", 33: "field", 34: "field", 35: "field",
             37: "website_platform_level", 38: "data_platform", 52: "assessment", 53: "opinion_scope",
             75: "party_committee", 89: "key_matters"}  # fmt: skip
REPORTED = {67: ("party.excellent_members", 6), 68: ("party.activists", 4), 69: ("party.probationary", 2),
            70: ("party.role_models", 3), 71: ("party_fees.income", "35620.50"),
            72: ("party_fees.spent", 12000), 73: ("party_fees.carried", "8100.25"),
            74: ("party_fees.balance", "31720.75"), 81: ("discipline.inspections", 20),
            82: ("discipline.criticised", 1), 83: ("discipline.sanctioned", 0), 85: ("approval.days", 15),
            86: ("discipline.refunded", "1500")}  # fmt: skip
# (code, name, kind, points, self_score, completed, at_risk, office_led) of 2022; 2021 below
INDICATORS_2022 = [
    ("HQ-01", "工业投资增长", "basic", 10, 9, True, False, False),
    ("HQ-02", "规上工业增加值增长", "basic", 8, 8, True, False, False),
    ("HQ-03", "数字经济规模", "aspirational", 5, 5, True, False, False),
    ("BN-01", "获国家级表彰", "bonus", 3, 3, True, False, False),
    ("BN-02", "重大项目落地", "bonus", 2, 1, False, False, False),
    ("MG-01", "保密工作", "management", 4, 4, True, False, True),
    ("MG-02", "信息工作", "management", 4, 3, False, True, True),
    ("MG-03", "平安建设", "management", 2, 2, True, False, False),
    ("SP-01", "政务服务", "special", 2, 2, True, False, True),
    ("SP-02", "政务公开", "special", 2, 2, True, False, True),
    ("SP-03", "督查督办", "special", 2, 2, True, False, True),
    ("SP-04", "安全生产", "special", 2, 1, False, False, False),
]
INDICATORS_2021 = [
    ("HQ-01", "工业投资增长", "basic", 10, 6, False, False, False),
    ("BN-01", "获国家级表彰", "bonus", 3, 0, False, False, False),
]


@dataclass
class Loaded:
    """What the test put in, counted by itself: (metric, year, unit) -> amount (unit * for all)."""

    counts: Counter[tuple[str, int, str]] = field(default_factory=Counter)

    def add(self, metric: str, year: int, unit: str, amount: int = 1) -> None:
        self.counts[(metric, year, unit)] += amount
        self.counts[(metric, year, "*")] += amount

    def of(self, metric: str, year: int = 2022, unit: str = "*") -> int:
        return self.counts[(metric, year, unit)]


def write_profile(directory: Path) -> Path:
    path = directory / "profile.yaml"
    path.write_text(yaml.safe_dump(PROFILE, allow_unicode=True), encoding="utf-8")
    return path


def moment(rng: random.Random, year: int) -> str:
    start = datetime.fromisoformat(f"{year}-01-02T08:00:00+08:00")
    return (start + timedelta(days=rng.randrange(355), hours=rng.randrange(9))).isoformat()


async def ok(answer: Any) -> Any:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def load_incoming(stack: Any, rng: random.Random, loaded: Loaded) -> None:
    for year, count in ((2021, 14), (2022, 20)):
        for _ in range(count):
            unit, channel = rng.choice(UNITS), rng.choice(CHANNELS)
            classification = rng.choice(["none", "none", "none", "secret"])
            body = {"title": "来文", "source_org": "省政府办公厅", "channel": channel, "unit": unit,
                    "classification": classification, "received_at": moment(rng, year)}  # fmt: skip
            await ok(await stack.docs.post("/api/v1/incoming", json=body, headers=STAFF))
            part = (
                "classified"
                if classification != "none"
                else channel
                if channel in ("oa", "intranet")
                else "paper_email"
            )
            loaded.add("received", year, unit)
            loaded.add(f"received.{part}", year, unit)


async def load_outgoing(stack: Any, rng: random.Random, loaded: Loaded) -> None:
    for year, count in ((2021, 5), (2022, 4)):
        for _ in range(count):
            unit, when = rng.choice(["GO", "SAF"]), moment(rng, year)
            doc = await approved(stack, drafting_unit=unit)
            await act(stack, doc["id"], "sign", LEADER, at=when)
            await act(stack, doc["id"], "dispatch", dispatched_at=when)
            loaded.add("sent", year, unit)
    at = "2022-08-01T10:00:00+08:00"
    returned = await draft(stack)
    await act(stack, returned["id"], "submit", at=at)
    await act(stack, returned["id"], "return", reason="内容不全", at=at)
    flawed = await draft(stack, title="关于开展安全检查的通知。")
    await act(stack, flawed["id"], "check", at=at)


async def load_materials_and_supervision(stack: Any, loaded: Loaded) -> None:
    for kind, year in (("minutes", 2022), ("speech", 2022), ("research", 2022), ("summary", 2021),
                       ("regulation", 2022), ("regulation", 2022)):  # fmt: skip
        body = {"kind": kind, "title": "材料", "unit": "GO", "completed_at": f"{year}-06-01T10:00:00+08:00"}
        await ok(await stack.docs.post("/api/v1/materials", json=body, headers=STAFF))
        loaded.add("regulations" if kind == "regulation" else "materials", year, "GO")
    for source, count, done in (("rectification", 3, 2), ("public_opinion", 2, 2), ("instruction", 1, 0)):
        for index in range(count):
            body = {"title": "整改事项", "source": source, "assignee_unit": "NNCB", "due": "2022-12-30",
                    "at": "2022-03-01T09:00:00+08:00"}  # fmt: skip
            item = await ok(await stack.docs.post("/api/v1/supervision", json=body, headers=STAFF))
            loaded.add(f"supervision.{source}", 2022, "NNCB")
            if index < done:
                path = f"/api/v1/supervision/{item['id']}/complete"
                await ok(await stack.docs.post(path, json={"at": "2022-06-01T10:00:00+08:00"}, headers=STAFF))
                loaded.add(f"supervision.{source}.done", 2022, "NNCB")


MEETINGS = [  # (kind, provincial_stat, external_units, attendees): held in 2022 by GO
    ("coordination", True, [], 1), ("dispatch", False, [], 1), ("consultation", False, [], 1),
    ("other", False, ["省发展改革委"], 1), ("other", False, [], 1), ("party_group", False, [], 1),
    ("party_group", False, [], 1), ("office_affairs", False, [], 1), ("theme_party_day", False, [], 1),
    ("theme_party_day", False, [], 1), ("theme_party_day", False, [], 1), ("study", False, [], 1),
    ("study", False, [], 1), ("warning_education", False, [], 1), ("integrity_talk", False, [], 1),
    ("reminder_talk", False, [], 3), ("reminder_talk", False, [], 2),
]  # fmt: skip
WORKING = ("coordination", "promotion", "dispatch", "onsite", "consultation")


async def load_meetings(stack: Any, rng: random.Random, loaded: Loaded) -> None:
    for kind, provincial, outside, people in MEETINGS:
        start = datetime.fromisoformat(moment(rng, 2022))
        body = {"title": "会议", "kind": kind, "provincial_stat": provincial, "external_units": outside,
                "organizer_unit": "GO", "room": None, "start": start.isoformat(),
                "end": (start + timedelta(hours=1)).isoformat(),
                "attendees": [f"干部{i}" for i in range(people)], "attendee_units": ["GO"]}  # fmt: skip
        await ok(await stack.meetings.post("/api/v1/meetings", json=body, headers=STAFF))
        loaded.add(f"meetings.{kind}", 2022, "GO")
        loaded.add("meetings.provincial_stat", 2022, "GO", int(provincial))
        loaded.add("meetings.working", 2022, "GO", int(kind in WORKING))
        loaded.add("meetings.external_other", 2022, "GO", int(kind == "other" and bool(outside)))
        loaded.add("meetings.reminder_people", 2022, "GO", people if kind == "reminder_talk" else 0)


async def load_targets_and_assessments(stack: Any, loaded: Loaded) -> None:
    info = stack.infoscore
    for year in (2021, 2022):
        rules = {"points": LEVEL_POINTS}
        await ok(await info.put(f"/api/v1/scoring-rules/{year}", json=rules, headers=STAFF))
        for unit, points, party in (("NNCB", 30, 4), ("LZCB", 10, 2)):
            target = {"submissions": 10, "adoptions": 4, "points": points, "party": party}
            await ok(await info.put(f"/api/v1/targets/{year}/{unit}", json=target, headers=STAFF))
            loaded.add("target.points", year, unit, points)
            loaded.add("target.party", year, unit, party)
    for year, rank in ((2021, 9), (2022, 4)):
        body = {"year": year, "rank": rank, "points": 90}
        await ok(await info.post("/api/v1/assessments", json=body, headers=STAFF))


async def load_information(stack: Any, rng: random.Random, loaded: Loaded) -> None:
    info = stack.infoscore
    await load_targets_and_assessments(stack, loaded)
    for year in (2021, 2022):
        for _ in range(12 if year == 2022 else 8):
            unit, category, when = (
                rng.choice(["NNCB", "LZCB"]),
                rng.choice(["government", "party"]),
                moment(rng, year),
            )
            body = {"unit": unit, "title": "信息", "body": "正文", "category": category, "submitted_at": when}
            submission = await ok(await info.post("/api/v1/submissions", json=body, headers=STAFF))
            loaded.add("submitted", year, unit)
            loaded.add("party.submitted", year, unit, int(category == "party"))
            if rng.random() < 0.3:
                continue
            level = rng.choice(list(LEVEL_POINTS))
            adoption = {"level": level, "outlet": "刊物", "adopted_at": when}
            await ok(
                await info.post(
                    f"/api/v1/submissions/{submission['id']}/adoptions", json=adoption, headers=STAFF
                )
            )
            loaded.add("adopted", year, unit)
            loaded.add("points", year, unit, LEVEL_POINTS[level])
            loaded.add(f"points.{level}", year, unit, LEVEL_POINTS[level])
    for month in (2, 5, 9):
        body = {
            "title": "公开",
            "category": "通知公告",
            "published_at": f"2022-{month:02d}-15T10:00:00+08:00",
        }
        await ok(await info.post("/api/v1/disclosures", json=body, headers=STAFF))
        loaded.add("disclosures", 2022, "GO")


async def load_indicators_and_reported(stack: Any) -> None:
    for year, rows in ((2021, INDICATORS_2021), (2022, INDICATORS_2022)):
        for code, name, kind, points, score, completed, at_risk, office_led in rows:
            body = {"name": name, "kind": kind, "points": points, "self_score": score,
                    "completed": completed, "at_risk": at_risk, "office_led": office_led}  # fmt: skip
            await ok(await stack.aggregate.put(f"/api/v1/indicators/{year}/{code}", json=body, headers=STAFF))
    for metric, value in REPORTED.values():
        body = {"metric": metric, "value": value, "unit": None, "note": "党委办公室提供"}
        await ok(await stack.aggregate.put("/api/v1/reported/2022", json=body, headers=STAFF))
    unit_entry = {"metric": "party.activists", "value": 1, "unit": "NNCB", "note": "南宁市局党支部"}
    await ok(await stack.aggregate.put("/api/v1/reported/2022", json=unit_entry, headers=STAFF))


def _pct(part: int, whole: int) -> float:
    return round(abs(part) * 100 / whole, 1)


def _compared(loaded: Loaded, metric: str, ns: tuple[int, int, int, int]) -> dict[int, Any]:
    now, before = loaded.of(metric), loaded.of(metric, 2021)
    return {ns[0]: now, ns[1]: before, ns[2]: abs(now - before), ns[3]: _pct(now - before, before)}


def _indicators() -> dict[int, Any]:
    rows: list[dict[str, Any]] = [
        dict(zip(("code", "name", "kind", "points", "score", "completed", "risk", "led"), r, strict=True))
        for r in INDICATORS_2022
    ]

    def of(*kinds: str) -> list[dict[str, Any]]:
        return [r for r in rows if r["kind"] in kinds]

    quality, bonus = of("basic", "aspirational"), of("bonus")
    full = [r["name"] for r in bonus if r["score"] >= r["points"]]
    at_risk = [r for r in rows if r["risk"]]
    return {
        39: "高质量发展、超额加分、机关管理",
        40: "、".join(g for g, ks in (("高质量发展", ("basic", "aspirational")), ("超额加分", ("bonus",)),
                                     ("机关管理", ("management",))) if all(r["completed"] for r in of(*ks))),
        41: "、".join(full),
        42: len(quality), 43: sum(r["points"] for r in quality), 44: sum(r["completed"] for r in quality),
        45: sum(r["score"] for r in quality), 46: len(bonus), 47: sum(r["points"] for r in bonus),
        48: bonus[0]["name"], 49: bonus[0]["points"], 50: bonus[1]["name"], 51: bonus[1]["points"],
        55: len(quality), 56: sum(r["points"] for r in quality), 57: len(of("aspirational")),
        58: sum(r["points"] for r in of("aspirational")), 59: sum(r["score"] for r in of("basic")),
        60: sum(r["score"] for r in of("aspirational")), 61: sum(r["score"] for r in quality),
        62: len(of("management")), 63: sum(r["score"] for r in of("management")),
        64: "、".join(r["name"] for r in at_risk) or "无",
        65: sum(r["points"] - r["score"] for r in at_risk),
        90: len(of("special")), 91: "、".join(r["name"] for r in of("special") if r["led"]),
        92: len(of("management")), 93: sum(r["led"] for r in of("management")),
    }  # fmt: skip


def expected_records(loaded: Loaded) -> dict[int, Any]:
    """Every records placeholder, from what the test loaded."""
    sent_now, sent_before = loaded.of("sent"), loaded.of("sent", 2021)
    values = {
        **_compared(loaded, "received", (1, 2, 3, 4)), **_compared(loaded, "sent", (9, 10, 11, 12)),
        5: loaded.of("received.oa"), 6: loaded.of("received.intranet"), 7: loaded.of("received.paper_email"),
        8: loaded.of("received.classified"), 13: loaded.of("materials"),
        14: loaded.of("meetings.provincial_stat"), 15: loaded.of("meetings.working"),
        16: loaded.of("meetings.external_other"), 17: loaded.of("meetings.party_group"),
        20: loaded.of("submitted"), 21: loaded.of("adopted"), 22: loaded.of("points"), 23: 4, 24: 9, 25: 5,
        26: loaded.of("points.department"), 27: loaded.of("target.points"), 28: loaded.of("points", 2021),
        29: loaded.of("party.submitted"), 30: _pct(loaded.of("party.submitted"), loaded.of("target.party")),
        36: loaded.of("disclosures"), 54: loaded.of("supervision.public_opinion"),
        66: loaded.of("meetings.theme_party_day"), 76: loaded.of("meetings.study"),
        77: loaded.of("meetings.warning_education"), 78: loaded.of("meetings.integrity_talk"),
        79: loaded.of("meetings.reminder_people"), 80: loaded.of("regulations"),
        84: _pct(sent_before - sent_now, sent_before), 87: loaded.of("supervision.rectification"),
        88: loaded.of("supervision.rectification.done"),
    }  # fmt: skip
    return {**values, **_indicators()}


def as_number(value: Any) -> Any:
    """An entered figure as the report gives it back: whole numbers as int, money as float."""
    text = str(value)
    return float(text) if "." in text else int(text)
