"""The dashboard as a person uses it, in headless Chromium (the system's, driven by Playwright):
sign in with a token, the figures equal the API's, switch year and unit, download the .docx, the
to-do list from notify beside the figures, new figures without a reload, a unit's caller kept to
its unit, sign-out, and a forged or expired cookie refused. Screenshots go to test-artifacts/."""

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.integration.aggregate.test_dashboard_routes import raw
from tests.integration.aggregate.test_projection import register_scenario, wait_for_total
from tests.integration.notify.helpers import served
from tests.integration.test_incoming_slice import incoming
from tests.support import free_port, token

STAFF = token()
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install chromium)")


def walk(answer: dict[str, Any], metric: str) -> Any:
    """A figure of `/api/v1/stats/{year}` by its dotted name (a compared count: its value)."""
    if metric.startswith("logistics."):
        return answer["logistics"].get(metric.removeprefix("logistics."), 0)  # absent: none counted
    value: Any = answer
    for part in metric.split("."):
        value = value[part]
    return value["value"] if isinstance(value, dict) else value


async def shown(page: Any) -> dict[str, str]:
    """The headline figures the page shows, by metric."""
    rows = await page.eval_on_selector_all(
        "tr[data-metric]", "rows => rows.map(r => [r.dataset.metric, r.querySelector('.value').textContent])"
    )
    return dict(rows)


async def api_figures(stack: Any, year: int, unit: str | None = None) -> dict[str, Any]:
    params = {"unit": unit} if unit else {}
    answer = await stack.aggregate.get(f"/api/v1/stats/{year}", params=params, headers=STAFF)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def assert_same_figures(page: Any, stack: Any, year: int, unit: str | None = None) -> None:
    figures, answer = await shown(page), await api_figures(stack, year, unit)
    assert len(figures) > 30
    for metric, text in figures.items():
        expected = walk(answer, metric)
        assert text == ("—" if expected is None else str(expected)), metric


async def sign_in(page: Any, base: str, token_text: str) -> None:
    await page.goto(f"{base}/dashboard")
    assert page.url == f"{base}/login"
    await page.fill("#token", token_text)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{base}/dashboard")


def shot(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.unlink(missing_ok=True)
    return path


async def test_the_dashboard_in_a_browser(start_stack: Any, backend: str, tmp_path: Path) -> None:
    if backend != "sqlite":
        pytest.skip("one browser run is enough")
    from playwright.async_api import async_playwright

    ports = free_port(), free_port()
    origin = f"http://127.0.0.1:{ports[0]}"
    extra = {
        "dashboard_poll_s": 0.5,
        "dashboard_notify_url": f"http://127.0.0.1:{ports[1]}",
        "cors_origins": (origin,),
    }
    async with (
        start_stack("docs", "aggregate", "notify", **extra) as stack,
        served(stack.apps["aggregate"], ports[0]) as base,
        served(stack.apps["notify"], ports[1]),
        async_playwright() as playwright,
    ):
        await register_scenario(stack)
        await wait_for_total(stack, 2022, 6)
        doc = (await stack.docs.post("/api/v1/incoming", json=incoming(unit="GO"), headers=STAFF)).json()
        assign = {
            "lead_unit": "GO",
            "assist_units": [],
            "due": "2022-03-15",
            "at": "2022-03-02T09:00:00+08:00",
        }
        assert (
            await stack.docs.post(f"/api/v1/incoming/{doc['id']}/assign", json=assign, headers=STAFF)
        ).status_code == 200
        await wait_for_total(stack, 2022, 7)
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            await office_staff(browser, stack, base, doc)
            await unit_caller(browser, base)
            await bad_cookies(browser, base)
        finally:
            await browser.close()


async def office_staff(browser: Any, stack: Any, base: str, doc: dict[str, Any]) -> None:
    from playwright.async_api import expect

    context = await browser.new_context(accept_downloads=True, locale="zh-CN")
    page = await context.new_page()
    await sign_in(page, base, raw())
    await page.select_option("#year", "2022")
    await page.wait_for_url(f"{base}/dashboard?year=2022&unit=")
    await assert_same_figures(page, stack, 2022)
    assert await page.text_content("tr[data-metric='docs.received.total'] .value") == "7"
    assert await page.locator("#units tbody tr").count() > 20
    # the to-do list, read from notify with the same sign-in
    await page.wait_for_selector("#todo-list li")
    assert await page.text_content("#todo-list li") == f"收文办理：{doc['reg_no']}（已超期 2022-03-15）"
    await page.screenshot(path=shot("dashboard-2022.png"), full_page=True)
    # new figures arrive without a reload
    await stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)
    received = page.locator("tr[data-metric='docs.received.total'] .value")
    await expect(received).to_have_text("8", timeout=15_000)
    await assert_same_figures(page, stack, 2022)

    await page.select_option("#unit", "NNCB")
    await page.wait_for_url(f"{base}/dashboard?year=2022&unit=NNCB")
    await assert_same_figures(page, stack, 2022, "NNCB")
    await page.select_option("#year", "2021")
    await page.wait_for_url(f"{base}/dashboard?year=2021&unit=NNCB")
    await assert_same_figures(page, stack, 2021, "NNCB")

    await page.goto(f"{base}/dashboard?year=2022")
    async with page.expect_download() as waiting:
        await page.click("a[href$='format=docx']")
    download = await waiting.value
    assert download.suggested_filename.endswith("2022年工作总结.docx")  # saved under the report's title
    saved = shot("dashboard-annual-report-2022.docx")
    await download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK" and saved.stat().st_size > 10_000

    await page.click("form.logout button")
    await page.wait_for_url(f"{base}/login")
    await page.goto(f"{base}/dashboard")
    assert page.url == f"{base}/login"
    await context.close()


async def unit_caller(browser: Any, base: str) -> None:
    context = await browser.new_context(locale="zh-CN")
    page = await context.new_page()
    await sign_in(page, base, raw("liaison-nncb", "NNCB", ("liaison",)))
    assert await page.locator("#unit option").all_text_contents() == ["南宁市局"]
    answer = await page.goto(f"{base}/dashboard?year=2022&unit=LZCB")  # editing the URL
    assert answer.status == 403
    assert "只能查看本单位" in await page.text_content("body")
    await page.screenshot(path=shot("dashboard-unit-refused.png"))
    report = await page.goto(f"{base}/dashboard/report/2022?unit=LZCB&format=html")
    assert report.status == 403
    await context.close()


async def bad_cookies(browser: Any, base: str) -> None:
    for value in (raw()[:-4] + "AAAA", raw(ttl_s=-60), "not-a-token"):
        context = await browser.new_context()
        await context.add_cookies([{"name": "office_session", "value": value, "url": base}])
        page = await context.new_page()
        await page.goto(f"{base}/dashboard")
        assert page.url == f"{base}/login", value
        await context.close()
