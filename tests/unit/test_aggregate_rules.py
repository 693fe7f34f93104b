"""The aggregate's pure rules: the parts of 收文, comparisons with last year, rankings."""

from datetime import UTC, datetime
from typing import Any

import pytest

from services.aggregate.reported.catalogue import BY_METRIC, canonical
from services.aggregate.rules import RULES, Tally, outgoing_checked, received_part
from services.aggregate.schemas import Compared
from services.aggregate.service import rank
from shared.contracts.base import EventData, envelope_for
from shared.contracts.docs import OutgoingChecked, SupervisionCompleted
from shared.envelope import Envelope


@pytest.mark.parametrize(
    ("channel", "classification", "part"),
    [
        ("oa", "none", "oa"),
        ("intranet", "none", "intranet"),
        ("paper", "none", "paper_email"),
        ("email", "none", "paper_email"),
        ("courier", "none", "paper_email"),
        ("oa", "secret", "classified"),
        ("paper", "top_secret", "classified"),
    ],
)
def test_every_document_counts_in_exactly_one_part(channel: str, classification: str, part: str) -> None:
    assert received_part(channel=channel, classification=classification) == part


def test_a_comparison_says_how_much_and_what_percentage() -> None:
    assert Compared.of(1234, 1000).model_dump() == {
        "value": 1234,
        "prev": 1000,
        "delta": 234,
        "delta_pct": 23.4,
    }
    assert Compared.of(90, 120).delta_pct == -25.0
    assert Compared.of(2, 3).delta_pct == -33.3
    assert Compared.of(5, 0).delta_pct is None


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    ranked = rank({"A": 10, "B": 10, "C": 7, "D": 0, "E": 7})
    assert [(r.unit, r.rank) for r in ranked] == [("A", 1), ("B", 1), ("C", 3), ("E", 3), ("D", 5)]


def _envelope(contract: type[EventData], **data: Any) -> Envelope:
    return Envelope(
        source="office/docs", type=contract.event_type(), subject="x", data=data, unit="NNCB", actor="a"
    )


def test_events_published_before_the_new_fields_still_count() -> None:
    """A completion without `source` counts as completed, in no source; a check without `fields`."""
    at = "2022-06-01T02:00:00+00:00"
    old_completion = _envelope(
        SupervisionCompleted,
        id="s1",
        assignee_unit="NNCB",
        completed_at=at,
        on_time=True,
        deadline="2022-06-30",
    )
    assert [t.metric for t in RULES[old_completion.type](old_completion)] == ["docs.supervision.completed"]
    common = {"id": "o1", "kind": "notice", "issuer_code": "X", "drafting_unit": "GO",
              "classification": "none", "urgency": "normal", "at": at}  # fmt: skip
    old_check = _envelope(OutgoingChecked, **common, errors=1, warnings=0, codes=["title_end_punct"])
    assert [(t.metric, t.amount) for t in RULES[old_check.type](old_check) if isinstance(t, Tally)] == [
        ("docs.format.checks", 1),
        ("docs.format.findings", 1),
    ]


def test_a_value_is_kept_only_in_its_metrics_kind() -> None:
    people, money = BY_METRIC["party.activists"], BY_METRIC["party_fees.income"]
    assert [canonical(people, v) for v in (3, "3", 3.0, "1e1", 2.5, -1, "三", True)] == [
        "3", "3", "3", "10", None, None, None, None
    ]  # fmt: skip
    assert [canonical(money, v) for v in (35620.5, "1500", "0.01", "1.005", "NaN", "1e13")] == [
        "35620.50", "1500.00", "0.01", None, None, None
    ]  # fmt: skip


def checked(**counts: Any) -> Envelope:
    data = OutgoingChecked(
        id="d1",
        kind="notice",
        issuer_code="X厅办发",
        drafting_unit="SAF",
        classification="none",
        urgency="normal",
        at=datetime(2022, 3, 1, 2, tzinfo=UTC),
        errors=1,
        warnings=0,
        codes=["LAYOUT_MARGINS"],
        **counts,
    )
    return envelope_for(data, subject="d1", unit="SAF", actor="alice", time=data.at)


def test_format_problems_found_and_fixed_count_by_kind_for_the_drafting_unit() -> None:
    effects = outgoing_checked(checked(new_by_kind={"page": 1, "text": 2}, fixed_by_kind={"title": 1}))
    tallies = {(e.metric, e.unit, e.amount) for e in effects if isinstance(e, Tally)}
    assert tallies - {("docs.format.checks", "SAF", 1), ("docs.format.findings", "SAF", 1)} == {
        ("docs.format.found", "SAF", 3),
        ("docs.format.found.page", "SAF", 1),
        ("docs.format.found.text", "SAF", 2),
        ("docs.format.fixed", "SAF", 1),
        ("docs.format.fixed.title", "SAF", 1),
    }
    unchanged = {e.metric for e in outgoing_checked(checked())}
    assert unchanged == {"docs.format.checks", "docs.format.findings"}  # nothing found or fixed
    assert RULES[OutgoingChecked.event_type()] is outgoing_checked
