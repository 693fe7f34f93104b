"""页面: A4, the margins of the 版心 and its 22 lines of 28 characters (GB/T 9704-2012, 5.2, 5.2.2)."""

from services.docs.format_check.layout.rules import Miss, Sheet, layout_rule

A4 = (210.0, 297.0)
MARGINS = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
MARGIN_NAMES = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
TOLERANCE_MM = 1.0
LINE_PITCH = 579  # twentieths of a point: 225 mm / 22 lines
CHAR_PITCH = 156 / 28 / 25.4 * 72  # points: 156 mm / 28 characters
PITCH_TOLERANCE = (12, 0.15)  # twips, points


@layout_rule("LAYOUT_PAGE_SIZE", "error", "page", fixable=True)
def page_size(sheet: Sheet) -> list[Miss]:
    return [
        Miss(f"第{s.number}节", f"纸张应为A4（210mm×297mm），现为{s.width:g}mm×{s.height:g}mm")
        for s in sheet.layout.sections
        if abs(s.width - A4[0]) > TOLERANCE_MM or abs(s.height - A4[1]) > TOLERANCE_MM
    ]


@layout_rule("LAYOUT_MARGINS", "error", "page", fixable=True)
def margins(sheet: Sheet) -> list[Miss]:
    misses = []
    for section in sheet.layout.sections:
        wrong = [
            f"{MARGIN_NAMES[side]}边距应为{wanted:g}mm（现为{getattr(section, side):g}mm）"
            for side, wanted in MARGINS.items()
            if abs(getattr(section, side) - wanted) > TOLERANCE_MM
        ]
        if wrong:
            misses.append(Miss(f"第{section.number}节", "页边距：" + "，".join(wrong)))
    return misses


def _char_pitch(char_space: int | None, default_size: float) -> float:
    return default_size + (char_space or 0) / 4096


@layout_rule("LAYOUT_LINE_GRID", "error", "page", fixable=True)
def line_grid(sheet: Sheet) -> list[Miss]:
    misses = []
    for s in sheet.layout.sections:
        lines_ok = (
            s.grid_type in ("lines", "linesAndChars")
            and abs((s.line_pitch or 0) - LINE_PITCH) <= PITCH_TOLERANCE[0]
        )
        chars_ok = s.grid_type == "linesAndChars" and (
            abs(_char_pitch(s.char_space, sheet.layout.default_size) - CHAR_PITCH) <= PITCH_TOLERANCE[1]
        )
        if not (lines_ok and chars_ok):
            misses.append(
                Miss(f"第{s.number}节", "应在“页面设置—文档网格”中指定行和字符网格：每页22行，每行28个字")
            )
    return misses
