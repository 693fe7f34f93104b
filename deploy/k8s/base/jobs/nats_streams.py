"""Give the suite's JetStream streams their replicas: what the `nats-streams` Job runs.

The services create their streams with one replica (OFFICE: every service, shared/bus.py;
UNITS: notify). On the three-node cluster each should have three, so that losing a node
loses nothing: this waits until each stream of OFFICE_REPLICATED_STREAMS (default
"OFFICE,UNITS") exists, then raises its replicas to OFFICE_STREAM_REPLICAS (default 3);
its consumers follow. It creates nothing and changes nothing else, so it is safe to rerun.
NATS_URL as for the services.
"""

import asyncio
import os

import nats
from nats.aio.client import Client
from nats.js.api import StreamConfig

ATTEMPTS = 120  # five seconds apart: ten minutes for the cluster and the services to come up


async def replicate(
    url: str, streams: list[str], replicas: int, attempts: int = ATTEMPTS, delay_s: float = 5.0
) -> None:
    pending = list(streams)
    for attempt in range(1, attempts + 1):
        try:
            nc = await _connect(url)
            try:
                for stream in list(pending):
                    config = await _replicate(nc, stream, replicas)
                    print(f"stream {config.name}: {config.num_replicas} replicas", flush=True)
                    pending.remove(stream)
            finally:
                await nc.close()
        except Exception as exc:  # the cluster may be forming, the stream not made yet
            print(f"{', '.join(pending)}: not yet ({exc!r}), attempt {attempt} of {attempts}", flush=True)
        if not pending:
            return
        await asyncio.sleep(delay_s)
    raise SystemExit(f"could not give {', '.join(pending)} {replicas} replicas")


async def _replicate(nc: Client, stream: str, replicas: int) -> StreamConfig:
    js = nc.jetstream()
    config = (await js.stream_info(stream)).config
    if config.num_replicas != replicas:
        config.num_replicas = replicas
        config = (await js.update_stream(config)).config
    return config


async def _connect(url: str) -> Client:
    # nats.py retries forever with max_reconnect_attempts=0: allow one, then it gives up.
    connecting = nats.connect(
        url,
        name="office-nats-streams",
        connect_timeout=3,
        max_reconnect_attempts=1,
        reconnect_time_wait=1,
        error_cb=_quiet,
    )
    return await asyncio.wait_for(connecting, timeout=15)


async def _quiet(exc: Exception) -> None:
    """Failures are reported once per attempt, not as nats.py's tracebacks."""


if __name__ == "__main__":
    streams = os.environ.get("OFFICE_REPLICATED_STREAMS", "OFFICE,UNITS").split(",")
    asyncio.run(
        replicate(
            url=os.environ.get("NATS_URL", "nats://127.0.0.1:4222"),
            streams=[s.strip() for s in streams if s.strip()],
            replicas=int(os.environ.get("OFFICE_STREAM_REPLICAS", "3")),
        )
    )
