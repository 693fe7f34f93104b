"""Missed inspections are recorded by the service on its own, once, without anyone asking."""

import asyncio
from typing import Any

from tests.integration.logistics.conftest import Tap, created
from tests.integration.logistics.test_inspections import plan


async def test_a_missed_week_is_recorded_and_published_once_by_the_claimer(
    start_stack: Any, tap: Tap
) -> None:
    async with start_stack("logistics", inspection_scan_s=0.2) as stack:
        weekly = await created(stack, "/inspections/plans", plan(starts_on="2026-01-05"))
        missed = await tap.wait_for("office.logistics.inspection.missed")
        assert missed[0]["data"]["plan_id"] == weekly["id"]
        await asyncio.sleep(1.0)  # five more scans: none may publish a period again
        ids = [e["data"]["id"] for e in tap.of("office.logistics.inspection.missed")]
        assert len(ids) == len(set(ids)), "a period was published twice"
