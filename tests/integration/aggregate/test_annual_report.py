"""The annual report in its four forms, with the figures of the year filled in."""

import io
from typing import Any

from docx import Document

from tests.integration.aggregate.test_projection import register_scenario, wait_for_total
from tests.support import token

STAFF = token()


async def test_the_report_fills_the_summary_sentences_in_every_form(start_stack: Any) -> None:
    async with start_stack("docs", "aggregate") as stack:
        await register_scenario(stack)
        await wait_for_total(stack, 2022, 6)
        url = "/api/v1/reports/annual/2022"

        as_json = (await stack.aggregate.get(url, headers=STAFF)).json()
        assert as_json["title"] == "广西壮族自治区工业和信息化厅办公室2022年工作总结"
        docs = next(s for s in as_json["sections"] if s["key"] == "docs")
        assert docs["paragraphs"][0].endswith(
            "2022年我厅收文量比去年明显增加，接收来文6件，比去年1件增加5件，增加500％；"
            "其中，OA系统电子2件，内网1件，纸质和邮箱收文2件，密件1件。"
            "发送公文数量与去年持平，发送0件，与去年0件持平。"
        )
        assert as_json["figures"]["docs"]["received"]["total"]["value"] == 6

        markdown = await stack.aggregate.get(url, params={"format": "markdown"}, headers=STAFF)
        assert markdown.headers["content-type"].startswith("text/markdown")
        assert "### （一）力求规范，办文水平，进一步提升" in markdown.text and "接收来文6件" in markdown.text

        html = await stack.aggregate.get(url, params={"format": "html"}, headers=STAFF)
        assert html.headers["content-type"].startswith("text/html")
        assert (
            "接收来文6件" in html.text and html.text.count("<svg") == 3
        )  # 收文 and 发文 per month, points per unit

        docx = await stack.aggregate.get(url, params={"format": "docx"}, headers=STAFF)
        document = Document(io.BytesIO(docx.content))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "接收来文6件" in text and "密件1件" in text
        assert len(document.inline_shapes) == 3


async def test_a_units_report_holds_only_its_figures(start_stack: Any) -> None:
    async with start_stack("docs", "aggregate") as stack:
        await register_scenario(stack)
        await wait_for_total(stack, 2022, 6)
        report = await stack.aggregate.get(
            "/api/v1/reports/annual/2022", params={"unit": "NNCB"}, headers=STAFF
        )
        assert report.json()["title"] == "南宁市局2022年工作总结"
        docs = next(s for s in report.json()["sections"] if s["key"] == "docs")
        assert "2022年我局收文量" in docs["paragraphs"][0] and "接收来文3件" in docs["paragraphs"][0]
        liaison = token(sub="lz", unit="LZCB", roles=("liaison",))
        refused = await stack.aggregate.get(
            "/api/v1/reports/annual/2022", params={"unit": "NNCB"}, headers=liaison
        )
        assert refused.status_code == 403
        bad = await stack.aggregate.get(
            "/api/v1/reports/annual/2022", params={"format": "pdf"}, headers=STAFF
        )
        assert bad.status_code == 422
