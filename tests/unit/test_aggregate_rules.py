"""The aggregate's pure rules: the parts of 收文, comparisons with last year, rankings."""

from datetime import UTC, datetime
from typing import Any

import pytest

from services.aggregate.rules import RULES, Tally, outgoing_checked, received_part
from services.aggregate.schemas import Compared
from services.aggregate.service import rank
from shared.contracts.base import envelope_for
from shared.contracts.docs import OutgoingChecked
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
    assert tallies == {
        ("docs.format.found", "SAF", 3),
        ("docs.format.found.page", "SAF", 1),
        ("docs.format.found.text", "SAF", 2),
        ("docs.format.fixed", "SAF", 1),
        ("docs.format.fixed.title", "SAF", 1),
    }
    assert outgoing_checked(checked()) == []  # a check that changed nothing counts nothing
    assert RULES[OutgoingChecked.event_type()] is outgoing_checked
