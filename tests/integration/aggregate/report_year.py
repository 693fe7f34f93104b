"""A small year of every source the report's charts draw, loaded through each service's REST:
documents received, meetings of three kinds, information adopted for two units, indicators."""

from typing import Any

from tests.integration.aggregate.test_projection import register_scenario
from tests.integration.meetings.helpers import add_room, schedule
from tests.support import eventually, token

STAFF = token(roles=("staff", "admin"))
SERVICES = ("docs", "meetings", "infoscore", "aggregate")
MEETINGS = ("coordination", "coordination", "party_group", "theme_party_day")
INDICATORS = {
    "HQ-01": {"name": "政务信息工作", "kind": "basic", "points": 10, "self_score": 9, "completed": True},
    "MGT-01": {"name": "保密工作", "kind": "management", "points": 4, "self_score": 4, "completed": True},
}
CHARTS = 5  # 收文 and 发文 per month, meetings by kind, points per unit, indicators


async def _ok(answer: Any) -> dict[str, Any]:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()  # type: ignore[no-any-return]


async def _information(info: Any) -> None:
    rules = {"points": {"national": 10, "provincial": 5, "department": 2}, "instruction_bonus": 3}
    await _ok(await info.put("/api/v1/scoring-rules/2022", json=rules, headers=STAFF))
    for unit, level in (("NNCB", "national"), ("GLCB", "provincial")):
        body = {"unit": unit, "title": "信息", "body": "正文", "category": "government"}
        submitted = await _ok(
            await info.post(
                "/api/v1/submissions",
                json={**body, "submitted_at": "2022-03-01T09:00:00+08:00"},
                headers=STAFF,
            )
        )
        adoption = {"level": level, "outlet": "省政府信息", "adopted_at": "2022-03-10T09:00:00+08:00"}
        await _ok(
            await info.post(f"/api/v1/submissions/{submitted['id']}/adoptions", json=adoption, headers=STAFF)
        )


async def load_report_year(stack: Any) -> None:
    """Load the year and wait until the aggregate has every figure of it."""
    await register_scenario(stack)  # six documents received in 2022, one in 2021
    await add_room(stack, "R301")
    for day, kind in enumerate(MEETINGS, start=1):
        await schedule(
            stack,
            kind=kind,
            start=f"2022-06-{day:02d}T09:00:00+08:00",
            end=f"2022-06-{day:02d}T10:00:00+08:00",
        )
    await _information(stack.infoscore)
    for code, body in INDICATORS.items():
        await _ok(await stack.aggregate.put(f"/api/v1/indicators/2022/{code}", json=body, headers=STAFF))

    async def loaded() -> bool:
        figures = (await stack.aggregate.get("/api/v1/stats/2022", headers=STAFF)).json()
        return bool(
            figures["docs"]["received"]["total"]["value"] == 6
            and figures["meetings"]["total"] == len(MEETINGS)
            and figures["infoscore"]["points"] == 15
        )

    await eventually(loaded, within=30)


def drawn(svg: str, text: str) -> bool:
    """Whether an SVG chart draws `text` in the CJK font (matplotlib keeps each glyph by its index)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from services.aggregate.report import charts

    assert charts.CJK_FONT is not None, "no CJK font (apt-get install fonts-wqy-microhei)"
    font = FT2Font(font_manager.findfont(charts.CJK_FONT))
    prefix = charts.CJK_FONT.replace(" ", "")
    return all(f'id="{prefix}-{font.get_char_index(ord(c)):x}"' in svg for c in set(text))
