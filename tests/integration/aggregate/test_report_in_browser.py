"""The annual report as a person sees it: rendered by headless Chromium, its text read back
from the page, and a screenshot kept in test-artifacts/ for a person to look at."""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.integration.aggregate.test_projection import register_scenario, wait_for_total
from tests.support import token

STAFF = token()
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install chromium)")


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


async def test_the_html_report_renders_in_a_browser_with_its_figures_and_charts(
    start_stack: Any, tmp_path: Path, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("one rendering is enough")
    async with start_stack("docs", "aggregate") as stack:
        await register_scenario(stack)
        await wait_for_total(stack, 2022, 6)
        html = await stack.aggregate.get(
            "/api/v1/reports/annual/2022", params={"format": "html"}, headers=STAFF
        )
    page = tmp_path / "annual-report-2022.html"
    page.write_text(html.text, encoding="utf-8")

    dom = chromium(page, tmp_path / "profile-dom", "--dump-dom").stdout
    assert "接收来文6件" in dom and dom.count("<svg") == 2

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "annual-report-2022.png"
    shot.unlink(missing_ok=True)
    chromium(page, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1000,2400")
    assert shot.exists() and shot.stat().st_size > 20_000  # a page with text and two charts, not a blank
