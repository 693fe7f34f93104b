"""Ids grow with time, so that indexes of them grow at one end."""

import time
import uuid

from shared.envelope import Envelope
from shared.ids import new_event_id, new_id


def test_event_ids_are_uuid7_and_later_ones_sort_after_earlier_ones() -> None:
    first = new_event_id()
    time.sleep(0.002)
    second = new_event_id()
    parsed = uuid.UUID(first)
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert first < second
    assert len({new_event_id() for _ in range(10_000)}) == 10_000


def test_an_envelope_gets_a_time_ordered_id_unless_given_one() -> None:
    made = Envelope(source="office/docs", type="office.docs.x.y.v1", subject="s", data={})
    assert uuid.UUID(made.id).version == 7
    assert Envelope(id="given", source="s", type="t.v1", subject="s", data={}).id == "given"


def test_record_ids_are_26_chars_and_ordered() -> None:
    first = new_id()
    time.sleep(0.002)
    assert len(first) == 26 and first < new_id()


def test_record_ids_made_in_one_millisecond_keep_the_order_they_were_made_in() -> None:
    made = [new_id() for _ in range(10_000)]  # thousands share a millisecond
    assert len({m[:12] for m in made}) < len(made)
    assert made == sorted(made) and len(set(made)) == len(made)
