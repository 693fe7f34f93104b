"""Write shared/data/holidays.yaml from the `chinese-calendar` package: `python scripts/holidays_yaml.py`.

The package carries the State Council's yearly holiday notices up to its last release; the
office's calendar ships them as its own data, and later years are entered by an admin
(`PUT /api/v1/calendar/{year}` in docs), so no working day is ever guessed.
"""

import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped,unused-ignore]
import yaml

OUT = Path("shared/data/holidays.yaml")
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
HEADER = """\
# 节假日安排 (the State Council's yearly holiday arrangements), the office's working-day calendar.
# holidays: days off with the holiday's name (weekends inside a holiday included);
# workdays: make-up working days (调休) on a weekend. Weekdays not listed are working days,
# weekends not listed are days off. A year not here is entered by an admin
# (PUT /api/v1/calendar/{year} in docs); until then working days in it are refused, not guessed.
# Generated from the chinese-calendar package by scripts/holidays_yaml.py.
"""


def years() -> dict[int, dict[str, object]]:
    holidays: dict[int, dict[date, str]] = defaultdict(dict)
    workdays: dict[int, list[date]] = defaultdict(list)
    for day, name in sorted(chinese_calendar.holidays.items()):
        holidays[day.year][day] = NAMES.get(str(name), str(name))
    for day in sorted(chinese_calendar.workdays):
        if day.weekday() >= 5:
            workdays[day.year].append(day)
    return {
        year: {"holidays": holidays[year], "workdays": workdays.get(year, [])} for year in sorted(holidays)
    }


def main() -> None:
    text = HEADER + yaml.safe_dump(years(), allow_unicode=True, sort_keys=True, default_flow_style=None)
    OUT.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")


if __name__ == "__main__":
    main()
