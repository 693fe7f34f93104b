"""The annual report's .docx as the office files it (the 公文 layout of GB/T 9704-2012), read back
with python-docx, and laid out by LibreOffice into PNGs kept in test-artifacts/ for a person."""

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from tests.integration.aggregate.report_year import CHARTS, SERVICES, load_report_year
from tests.integration.aggregate.test_projection import register_scenario, wait_for_total
from tests.support import token

STAFF = token()
URL = "/api/v1/reports/annual/2022"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")
HEADING_FONTS = {"一级标题": "黑体", "二级标题": "楷体_GB2312"}
FIRST_LEVEL = re.compile("^[一二三四五六七八九十]+、")


def close(length: Length | None, mm: float) -> bool:
    return length is not None and abs(length - Mm(mm)) <= Mm(0.5)


def east_asian_font(run: Run) -> str | None:
    properties = run._r.rPr
    assert properties is not None and properties.rFonts is not None
    font: str | None = properties.rFonts.get(qn("w:eastAsia"))
    return font


def east_asian_fonts(paragraph: Paragraph) -> set[str | None]:
    return {east_asian_font(run) for run in paragraph.runs}


def style_of(paragraph: Paragraph) -> ParagraphStyle:
    style = paragraph.style
    assert style is not None
    return style


def language(document: DocxDocument, style: str) -> tuple[str | None, str | None]:
    lang = document.styles[style].element.rPr.find(qn("w:lang"))
    return lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))


async def docx(stack: Any, **params: str) -> DocxDocument:
    answer = await stack.aggregate.get(URL, params={"format": "docx", **params}, headers=STAFF)
    assert answer.status_code == 200, answer.text
    return Document(io.BytesIO(answer.content))


def assert_page(document: DocxDocument) -> None:
    section = document.sections[0]
    assert close(section.page_width, 210) and close(section.page_height, 297)  # A4, not US Letter
    assert close(section.top_margin, 37) and close(section.bottom_margin, 35)
    assert close(section.left_margin, 28) and close(section.right_margin, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) in ("lines", "linesAndChars") and grid.get(qn("w:linePitch")) == "579"


def assert_page_numbers(document: DocxDocument) -> None:
    """ "— 1 —" in 4号 宋体, a PAGE field, on odd pages and on even pages."""
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        (number,) = footer.paragraphs
        assert number.text == "— 1 —"
        assert [i.text.strip() for i in number._p.iter(qn("w:instrText"))] == ["PAGE"]
        assert east_asian_fonts(number) == {"宋体"} and style_of(number).font.size == Pt(14)


def assert_text(document: DocxDocument, title: str, received: int) -> None:
    first, *rest = document.paragraphs
    assert first.text == title and style_of(first).name == "公文标题"
    assert east_asian_fonts(first) == {"方正小标宋简体"} and style_of(first).font.size == Pt(22)
    body = [p for p in rest if style_of(p).name == "公文正文"]
    assert any(f"接收来文{received}件" in p.text for p in body)
    assert all(east_asian_fonts(p) == {"仿宋_GB2312"} for p in body)
    body_style = style_of(body[0])
    assert body_style.font.size == Pt(16) and body_style.paragraph_format.first_line_indent == Pt(32)
    headings = [p for p in rest if style_of(p).name in HEADING_FONTS]
    assert [p.text for p in headings][:2] == [
        "一、主要工作措施及成效",
        "（一）力求规范，办文水平，进一步提升",
    ]
    for heading in headings:
        level = "一级标题" if FIRST_LEVEL.match(heading.text) else "二级标题"
        assert style_of(heading).name == level and east_asian_fonts(heading) == {HEADING_FONTS[level]}
        assert str(style_of(heading).font.color.rgb) == "000000"  # not Word's blue
    for style in ("公文标题", "公文正文", "一级标题", "二级标题"):
        assert language(document, style) == ("zh-CN", "zh-CN")


def captions(document: DocxDocument) -> list[str]:
    """The paragraph below each picture."""
    paragraphs = document.paragraphs
    return [paragraphs[i + 1].text for i, p in enumerate(paragraphs) if p._p.xpath(".//w:drawing")]


async def test_the_docx_is_laid_out_as_an_official_document(start_stack: Any) -> None:
    async with start_stack("docs", "aggregate") as stack:
        await register_scenario(stack)
        await wait_for_total(stack, 2022, 6)
        asked = datetime.now(UTC).replace(microsecond=0)
        office = await docx(stack)
        nanning = await docx(stack, unit="NNCB")
    assert_page(office)
    assert_page_numbers(office)
    assert_text(office, "广西壮族自治区工业和信息化厅办公室2022年工作总结", 6)
    properties = office.core_properties
    assert (properties.title, properties.author, properties.language) == (
        "广西壮族自治区工业和信息化厅办公室2022年工作总结",
        "广西壮族自治区工业和信息化厅",
        "zh-CN",
    )
    assert asked - timedelta(seconds=1) <= properties.created.replace(tzinfo=UTC) <= datetime.now(UTC)
    assert [c.split(" ")[0] for c in captions(office)] == ["图1", "图2", "图3"]
    assert captions(office)[2] == "图3 2022年各单位政务信息得分（前15名，分）"
    assert (nanning.core_properties.author, nanning.core_properties.title) == (
        "南宁市局",
        "南宁市局2022年工作总结",
    )
    assert_text(nanning, "南宁市局2022年工作总结", 3)


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True).stdout


def libreoffice(document: Path, workdir: Path) -> Path:
    """The .docx as LibreOffice lays it out, as a PDF."""
    profile = f"-env:UserInstallation={(workdir / 'lo').as_uri()}"
    run(str(SOFFICE), profile, "--headless", "--convert-to", "pdf", "--outdir", str(workdir), str(document))
    return workdir / f"{document.stem}.pdf"


@pytest.mark.skipif(
    SOFFICE is None or PDFTOPPM is None, reason="apt-get install libreoffice-writer poppler-utils"
)
async def test_the_docx_lays_out_on_a4_pages_with_numbers_and_figures(
    start_stack: Any, tmp_path: Path, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("one rendering is enough")
    async with start_stack(*SERVICES) as stack:
        await load_report_year(stack)
        answer = await stack.aggregate.get(URL, params={"format": "docx"}, headers=STAFF)
    written = tmp_path / "annual-report-2022.docx"
    written.write_bytes(answer.content)
    pdf = libreoffice(written, tmp_path)
    assert re.search(r"Page size: +[\d.]+ x [\d.]+ pts \(A4\)", run("pdfinfo", str(pdf)))
    text = re.sub(r"\s", "", run("pdftotext", str(pdf), "-"))  # it spaces figures out: "来文 6 件"
    assert "—1—" in text and "—2—" in text  # the PAGE field, page after page
    assert (
        f"图{CHARTS}2022年绩效指标分值与自评得分（分）" in text
        and "工业和信息化厅办公室2022年工作总结" in text
    )

    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("annual-report-2022-docx-*.png"):
        old.unlink()
    shutil.copy(written, ARTIFACTS / written.name)
    run(str(PDFTOPPM), "-r", "80", "-png", str(pdf), str(ARTIFACTS / "annual-report-2022-docx"))
    pages = sorted(ARTIFACTS.glob("annual-report-2022-docx-*.png"))
    assert len(pages) >= 2 and all(
        page.stat().st_size > 20_000 for page in pages
    )  # text and charts, not blank
