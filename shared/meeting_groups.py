"""The statistics groups a meeting counts in, one definition for the meetings service's
counts and the aggregate's figures (working meetings, external others, party building, ...)."""

from collections.abc import Sequence

from pydantic import BaseModel

from shared.contracts.meetings import PARTY_BUILDING_KINDS, WORKING_KINDS

MEETING_GROUPS = (
    "total", "provincial_stat", "working", "external_other", "party_group", "office_affairs", "party_building"
)  # fmt: skip
"""Every group, in the order the statistics list them; each meeting also counts by its kind."""


def meeting_groups(kind: str, *, provincial_stat: bool, external_units: Sequence[str]) -> list[str]:
    """The groups of `MEETING_GROUPS` a meeting held (not cancelled) counts in."""
    groups = ["total"]
    if provincial_stat:
        groups.append("provincial_stat")
    if kind in WORKING_KINDS:
        groups.append("working")
    if kind == "other" and external_units:
        groups.append("external_other")
    if kind in ("party_group", "office_affairs"):
        groups.append(kind)
    if kind in PARTY_BUILDING_KINDS:
        groups.append("party_building")
    return groups


class MeetingGroupCounts(BaseModel):
    """How many meetings held count in each group (`MEETING_GROUPS`)."""

    total: int
    provincial_stat: int
    working: int
    external_other: int
    party_group: int
    office_affairs: int
    party_building: int
