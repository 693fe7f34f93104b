"""结构层次序数: “一、”“（一）”“1．”“（1）” in sequence (GB/T 9704-2012, 7.3.3)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

CN_NUMERALS = "一二三四五六七八九十"
LEVELS = (
    re.compile(rf"^([{CN_NUMERALS}]+)、"),
    re.compile(rf"^（([{CN_NUMERALS}]+)）"),
    re.compile(r"^(\d{1,2})[．.](?!\d)"),
    re.compile(r"^（(\d{1,2})）"),
)
LEVEL_NAMES = ("一、", "（一）", "1．", "（1）")
HALF_WIDTH_THIRD = re.compile(r"^(\d{1,2})\.(?!\d)")
NOTE_START = re.compile(r"^附\s*件\s*[：:]")


@dataclass(frozen=True)
class Heading:
    level: int  # 1 to 4
    number: int
    text: str


def cn_number(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (what heading numbers use)."""
    if "十" not in numeral:
        return CN_NUMERALS.index(numeral[-1]) + 1 if len(numeral) == 1 else 0
    tens, _, units = numeral.partition("十")
    value = (CN_NUMERALS.index(tens) + 1 if tens else 1) * 10
    return value + (CN_NUMERALS.index(units) + 1 if units else 0)


def heading_of(line: str) -> Heading | None:
    """The heading a line starts with, if any."""
    for level, pattern in enumerate(LEVELS, start=1):
        found = pattern.match(line)
        if found:
            raw = found.group(1)
            number = int(raw) if raw.isdigit() else cn_number(raw)
            return Heading(level=level, number=number, text=line)
    return None


def headings_of(rows: Iterable[str]) -> list[Heading]:
    """The headings of the body, up to the 附件说明."""
    found: list[Heading] = []
    for row in rows:
        if NOTE_START.match(row):
            break
        heading = heading_of(row)
        if heading:
            found.append(heading)
    return found


def sequence_gap(headings: Iterable[Heading]) -> tuple[Heading, str] | None:
    """The first heading out of sequence, and the number expected in its place."""
    last = [0, 0, 0, 0]
    for heading in headings:
        index = heading.level - 1
        expected = last[index] + 1
        if heading.number != expected:
            return heading, _written(heading.level, expected)
        last[index] = heading.number
        last[index + 1 :] = [0] * (3 - index)
    return None


def _written(level: int, number: int) -> str:
    numeral = str(number)
    if level in (1, 2):
        numeral = _cn(number)
    return {1: f"{numeral}、", 2: f"（{numeral}）", 3: f"{numeral}．", 4: f"（{numeral}）"}[level]


def _cn(number: int) -> str:
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMERALS[tens - 1] + "十")
    return head + (CN_NUMERALS[units - 1] if units else "")
