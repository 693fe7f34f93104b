"""Each request's database session is closed once it has answered, whatever it answered: its
connection goes back to the pool (on SQLite the pool has only one)."""

from typing import Any

from tests.integration.test_incoming_slice import incoming
from tests.support import eventually, token

STAFF = token()


async def all_returned(stack: Any) -> None:
    """No connection out of the pool (the relay and the consumers take one now and then, briefly)."""
    pool = stack.apps["docs"].state.engine.sync_engine.pool

    async def none_out() -> bool:
        return bool(pool.checkedout() == 0)

    await eventually(none_out, within=5)


async def test_a_request_returns_its_connection_whatever_it_answered(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        created = await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)
        unknown = await stack.docs.get("/api/v1/incoming/" + "0" * 26, headers=STAFF)  # read, then 404
        refused = await stack.docs.post(
            "/api/v1/incoming", json=incoming(unit="FIN"), headers=token(unit="NNCB", roles=("unit",))
        )
        listed = await stack.docs.get("/api/v1/incoming", headers=STAFF)
        assert [a.status_code for a in (created, unknown, refused, listed)] == [201, 404, 403, 200]
        await all_returned(stack)
