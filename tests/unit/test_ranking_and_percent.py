"""The office's ranking and percentage rules (shared.ranking, shared.percent), which every service uses."""

from shared.percent import percent
from shared.ranking import competition_rank


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    ranked = competition_rank({"C": 7, "A": 10, "D": 0, "B": 10, "E": 7})
    assert [(r.rank, r.key, r.value) for r in ranked] == [
        (1, "A", 10),
        (1, "B", 10),
        (3, "C", 7),
        (3, "E", 7),
        (5, "D", 0),
    ]


def test_a_ranking_of_all_equal_or_of_nothing() -> None:
    assert [r.rank for r in competition_rank({"B": 0, "A": 0, "C": 0})] == [1, 1, 1]
    assert competition_rank({}) == []


def test_a_percentage_has_one_decimal_rounded_half_away_from_zero() -> None:
    assert percent(1, 16) == 6.3  # 6.25: half up, where float rounding gives 6.2
    assert percent(-1, 16) == -6.3
    assert percent(1, 3) == 33.3
    assert percent(2, 3) == 66.7
    assert percent(-30, 120) == -25.0
    assert percent(5, 5) == 100.0


def test_no_percentage_against_nothing() -> None:
    assert percent(5, 0) is None
    assert percent(0, None) is None
    assert percent(0, 4) == 0.0
