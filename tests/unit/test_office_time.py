"""Moments as a person reads them (2022年6月1日 09:00) and as an answer writes them (+08:00)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from shared.text import chinese_span, chinese_time
from shared.types import OfficeTime

OFFICE = ZoneInfo("Asia/Shanghai")
START = datetime(2022, 6, 1, 1, 0, tzinfo=UTC)


class Answer(BaseModel):
    at: OfficeTime
    done: OfficeTime | None = None


def test_a_moment_reads_on_the_office_clock_in_chinese() -> None:
    assert chinese_time(START, OFFICE) == "2022年6月1日 09:00"
    assert chinese_span(START, START.replace(hour=3), OFFICE) == "2022年6月1日 09:00至11:00"
    assert chinese_span(START, START.replace(day=2), OFFICE) == "2022年6月1日 09:00至2022年6月2日 09:00"


def test_an_answer_writes_a_utc_moment_with_the_office_offset() -> None:
    assert Answer(at=START).model_dump_json() == '{"at":"2022-06-01T09:00:00+08:00","done":null}'
    schema = Answer.model_json_schema(mode="serialization")["properties"]["at"]
    assert schema == {"format": "date-time", "title": "At", "type": "string"}
