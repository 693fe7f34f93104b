"""The office's one rule for ranking units side by side: competition ranking (1, 1, 3).

Highest value first; equal values share a rank and the next rank skips as many places
as were shared (two units tied first are both 1st, the next is 3rd); among equals the
key (a unit code) orders the list, so a ranking reads the same every time.
"""

from collections.abc import Mapping
from typing import NamedTuple


class Ranked(NamedTuple):
    rank: int
    key: str
    value: int


def competition_rank(values: Mapping[str, int]) -> list[Ranked]:
    """Every key with its value and rank, highest first; ties share a rank and the next skips."""
    ordered = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    ranked: list[Ranked] = []
    for position, (key, value) in enumerate(ordered, start=1):
        tied = bool(ranked) and ranked[-1].value == value
        ranked.append(Ranked(ranked[-1].rank if tied else position, key, value))
    return ranked
