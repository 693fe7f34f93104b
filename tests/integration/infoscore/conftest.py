from collections.abc import AsyncIterator
from typing import Any

import pytest


@pytest.fixture
async def infoscore(start_stack: Any) -> AsyncIterator[Any]:
    async with start_stack("infoscore") as stack:
        yield stack
