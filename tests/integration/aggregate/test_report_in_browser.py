"""The annual report as a person sees it: rendered by headless Chromium, its text read back
from the page, printed to PDF (A4, numbered pages), and a screenshot and the PDF kept in
test-artifacts/ for a person to look at."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.integration.aggregate.report_year import CHARTS, SERVICES, drawn, load_report_year
from tests.support import token

STAFF = token()
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or not POPPLER, reason="apt-get install chromium poppler-utils fonts-wqy-microhei"
)


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout


def figures(dom: str) -> list[tuple[str, str]]:
    """Each figure's drawing and its caption, in the page's order."""
    return re.findall(r"<figure>\s*(<svg.*?</svg>)\s*<figcaption>(.*?)</figcaption>", dom, re.S)


def assert_printed_on_a4(page: Path, profile: Path) -> None:
    pdf = ARTIFACTS / "annual-report-2022.pdf"
    pdf.unlink(missing_ok=True)
    chromium(page, profile, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert re.search(r"Page size: +[\d.]+ x [\d.]+ pts \(A4\)", run("pdfinfo", str(pdf)))
    text = re.sub(r"\s", "", run("pdftotext", str(pdf), "-"))
    assert "—1—" in text and "—2—" in text and "接收来文6件" in text  # numbered pages, odd and even


async def test_the_html_report_renders_in_a_browser_with_its_figures_and_charts(
    start_stack: Any, tmp_path: Path, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("one rendering is enough")
    async with start_stack(*SERVICES) as stack:
        await load_report_year(stack)
        html = await stack.aggregate.get(
            "/api/v1/reports/annual/2022", params={"format": "html"}, headers=STAFF
        )
    assert not re.search(
        r"<link|<script|<img|@import|url\((?!#)|(src|href)=\"(https?:)?//", html.text
    )  # all inside
    page = tmp_path / "annual-report-2022.html"
    page.write_text(html.text, encoding="utf-8")

    dom = chromium(page, tmp_path / "profile-dom", "--dump-dom").stdout
    assert "接收来文6件" in dom and dom.count("<svg") == CHARTS
    shown = figures(dom)
    assert [caption.split(" ")[0] for _, caption in shown] == [f"图{n}" for n in range(1, CHARTS + 1)]
    meetings, points = shown[2], shown[3]
    assert meetings[1] == "图3 2022年各类会议召开次数（次）" and drawn(meetings[0], "协调会党组会议主题党日")
    assert points[1] == "图4 2022年各单位政务信息得分（前15名，分）" and drawn(points[0], "南宁市局桂林市局")

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "annual-report-2022.png"
    shot.unlink(missing_ok=True)
    chromium(page, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1000,3200")
    assert shot.exists() and shot.stat().st_size > 20_000  # a page with text and charts, not a blank
    assert_printed_on_a4(page, tmp_path / "profile-print")
