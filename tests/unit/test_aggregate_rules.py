"""The aggregate's pure rules: the parts of 收文, comparisons with last year, rankings."""

import pytest

from services.aggregate.rules import received_part
from services.aggregate.schemas import Compared
from services.aggregate.service import rank


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
