"""字体字号: 标题2号小标宋, 正文3号仿宋_GB2312, 层次标题黑体、楷体、仿宋 (GB/T 9704-2012, 5.3, 7.3)."""

import re
from collections.abc import Iterator

from services.docs.format_check.layout.reader import Para, Run
from services.docs.format_check.layout.rules import Miss, Sheet, layout_rule
from services.docs.format_check.layout.structure import heading_level

FANGSONG = ("仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong")
HEITI = ("黑体", "SimHei")
KAITI = ("楷体_GB2312", "楷体", "KaiTi_GB2312", "KaiTi")
HEADING_FONTS = {1: ("黑体", HEITI), 2: ("楷体_GB2312", KAITI)}
BODY_SIZE, TITLE_SIZE = 16.0, 22.0
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _text_runs(para: Para) -> Iterator[Run]:
    return (r for r in para.runs if r.text.strip())


def heading_runs(para: Para) -> tuple[list[Run], list[Run]]:
    """A heading paragraph's runs: those of the heading (to its first 。), and the text after it."""
    head: list[Run] = []
    rest: list[Run] = []
    for run in _text_runs(para):
        (rest if head and "。" in "".join(r.text for r in head) else head).append(run)
    return head, rest


def expected_font(para: Para, run: Run, head: list[Run]) -> tuple[str, tuple[str, ...]]:
    """The East Asian font a body run should have: its heading level's, or 仿宋_GB2312."""
    level = heading_level(para)
    if level in HEADING_FONTS and run in head:
        return HEADING_FONTS[level]
    return "仿宋_GB2312", FANGSONG


def _font_misses(para: Para, *, of_headings: bool) -> list[str]:
    head, _ = heading_runs(para)
    level = heading_level(para)
    wrong = []
    for run in _text_runs(para):
        if (level is not None and run in head) != of_headings:
            continue
        name, accepted = expected_font(para, run, head)
        font = run.look.east_asia
        if CJK.search(run.text) and font not in accepted:
            wrong.append(f"“{run.text.strip()[:10]}”应使用{name}（现为{font or '未设置'}）")
    return wrong


def _paragraphs_in_wrong_font(sheet: Sheet, *, of_headings: bool, rule: str) -> list[Miss]:
    """A miss for each body paragraph with a run in the wrong font: the rule, then the first such run."""
    misses = []
    for para in sheet.parts.body:
        wrong = _font_misses(para, of_headings=of_headings)
        if wrong:
            misses.append(Miss(para.where, rule + wrong[0]))
    return misses


@layout_rule("LAYOUT_BODY_FONT", "error", "text", fixable=True)
def body_font(sheet: Sheet) -> list[Miss]:
    return _paragraphs_in_wrong_font(sheet, of_headings=False, rule="正文应使用3号仿宋_GB2312：")


@layout_rule("LAYOUT_HEADING_FONT", "error", "text", fixable=True)
def heading_font(sheet: Sheet) -> list[Miss]:
    rule = "一级标题“一、”用黑体，二级标题“（一）”用楷体_GB2312，三、四级用仿宋："
    return _paragraphs_in_wrong_font(sheet, of_headings=True, rule=rule)


@layout_rule("LAYOUT_BODY_SIZE", "error", "text", fixable=True)
def body_size(sheet: Sheet) -> list[Miss]:
    misses = []
    for para in sheet.parts.body:
        sizes = {r.look.size for r in _text_runs(para)} - {BODY_SIZE}
        if sizes:
            shown = "、".join(f"{s:g}磅" if s else "未设置" for s in sorted(sizes, key=lambda s: s or 0))
            misses.append(Miss(para.where, f"正文（含层次标题）应为3号字（16磅），现为{shown}"))
    return misses


@layout_rule("LAYOUT_TITLE_FONT", "error", "title", fixable=True)
def title_font(sheet: Sheet) -> list[Miss]:
    misses = []
    for para in sheet.parts.title:
        for run in _text_runs(para):
            font, size = run.look.east_asia or "", run.look.size
            if "小标宋" not in font or size != TITLE_SIZE:
                misses.append(
                    Miss(
                        para.where, f"标题应为2号（22磅）小标宋体字，现为{font or '未设置'}、{size or 0:g}磅"
                    )
                )
                break
    return misses
