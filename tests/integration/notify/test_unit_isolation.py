"""Unit isolation on a real nats-server run from the shipped configuration (deploy/nats):
a unit reads its own deliveries and is refused another unit's by every route."""

import importlib
import importlib.util
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import nats
import pytest
from nats.js.api import ConsumerConfig

from shared.settings import PROJECT_ROOT
from shared.units import UnitRegistry
from tests.integration.conftest import running, settings_for
from tests.integration.notify.helpers import STAFF, incoming
from tests.support import Databases, eventually, free_port, nats_server_binary, wait_for_port

SERVICE_PASSWORD = "service-secret"
GENERATOR = PROJECT_ROOT / "deploy" / "nats" / "generate_units_conf.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_units_conf", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def unit_password(unit: dict[str, object]) -> str:
    return f"pw-{unit['code']}"


class SecuredNats:
    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.tmp = tmp
        self.proc: subprocess.Popen[bytes] | None = None

    def url(self, user: str, password: str) -> str:
        return f"nats://{user}:{password}@127.0.0.1:{self.port}"

    def start(self) -> None:
        conf_gen = generator()
        units = conf_gen.load_units(PROJECT_ROOT / "shared" / "data" / "units.yaml")
        (self.tmp / "units.conf").write_text(conf_gen.render(units, SERVICE_PASSWORD, unit_password))
        (self.tmp / "nats.conf").write_text(
            f"listen: 127.0.0.1:{self.port}\n"
            f'jetstream {{ store_dir: "{self.tmp / "js"}" }}\n'
            "include ./units.conf\n"
        )
        self.proc = subprocess.Popen(
            [nats_server_binary(), "-c", str(self.tmp / "nats.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)


@pytest.fixture
def secured_nats(tmp_path: Path) -> Iterator[SecuredNats]:
    server = SecuredNats(tmp_path)
    server.start()
    yield server
    server.stop()


class Unit:
    """A unit's own NATS connection, as the deploy README tells it to connect."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.violations: list[str] = []
        self.nc: Any = None

    async def connect(self, server: SecuredNats) -> "Unit":
        async def on_error(exc: Exception) -> None:
            self.violations.append(str(exc))

        self.nc = await nats.connect(
            server.url(f"unit_{self.code}", unit_password({"code": self.code})),
            inbox_prefix=f"_INBOX.unit_{self.code}".encode(),
            error_cb=on_error,
            max_reconnect_attempts=0,
        )
        return self


async def test_a_unit_reads_its_own_deliveries_and_no_other_units(
    secured_nats: SecuredNats, databases: Databases, tmp_path: Path
) -> None:
    service_url = secured_nats.url("office", SERVICE_PASSWORD)
    apps = []
    for name in ("docs", "notify"):
        module = importlib.import_module(f"services.{name}.app")
        apps.append(
            module.create_app(
                settings_for(
                    name, database_url=await databases.new(name), nats_url=service_url, data_dir=tmp_path
                )
            )
        )
    units = UnitRegistry.load(PROJECT_ROOT / "shared" / "data" / "units.yaml")
    assert "NNCB" in units and "LZCB" in units
    async with running(apps[0]) as docs, running(apps[1]):
        office = await nats.connect(service_url)
        js = office.jetstream()

        async def provisioned() -> bool:
            try:
                await js.consumer_info("UNITS", "unit_LZCB")
                await js.consumer_info("UNITS", "unit_NNCB")
            except Exception:
                return False
            return True

        await eventually(provisioned, within=20)
        a, b = await Unit("NNCB").connect(secured_nats), await Unit("LZCB").connect(secured_nats)
        live_a = await a.nc.subscribe("units.NNCB.>")
        sneaky = await a.nc.subscribe("units.LZCB.>")
        wildcard = await a.nc.subscribe("units.>")
        inboxes = await a.nc.subscribe("_INBOX.>")
        await a.nc.flush()

        for unit in ("NNCB", "LZCB"):
            answer = await docs.post("/api/v1/incoming", json=incoming(unit=unit), headers=STAFF)
            assert answer.status_code == 201, answer.text

        # A reads its own, by its durable consumer and by a plain subscription
        own = await a.nc.jetstream().pull_subscribe_bind(durable="unit_NNCB", stream="UNITS")
        [message] = await own.fetch(1, timeout=10)
        assert message.subject == "units.NNCB.docs.incoming.registered"
        assert json.loads(message.data)["unit"] == "NNCB"
        await message.ack()
        assert (await live_a.next_msg(timeout=5)).subject == "units.NNCB.docs.incoming.registered"
        # B's message exists (B reads it) ...
        theirs = await b.nc.jetstream().pull_subscribe_bind(durable="unit_LZCB", stream="UNITS")
        [message_b] = await theirs.fetch(1, timeout=10)
        assert message_b.subject == "units.LZCB.docs.incoming.registered"
        # ... but A never sees it: not by subscribing to B's subjects, to everything, or to other inboxes
        for subscription in (sneaky, wildcard, inboxes):
            with pytest.raises(nats.errors.TimeoutError):
                await subscription.next_msg(timeout=0.5)

        a_js = a.nc.jetstream(timeout=1.0)
        # not by B's durable consumer: pulling, reading its state
        stolen = await a_js.pull_subscribe_bind(durable="unit_LZCB", stream="UNITS")
        with pytest.raises(TimeoutError):  # nats-py's own or the bare one, as the time runs out
            await stolen.fetch(1, timeout=1.0)
        with pytest.raises(nats.errors.TimeoutError):
            await a_js.consumer_info("UNITS", "unit_LZCB")
        # not by a consumer of its own making, ephemeral or durable, nor by reading the stream directly
        with pytest.raises(nats.errors.TimeoutError):
            await a_js.add_consumer("UNITS", ConsumerConfig(filter_subject="units.LZCB.>"))
        with pytest.raises(nats.errors.TimeoutError):
            await a_js.add_consumer(
                "UNITS", ConsumerConfig(durable_name="mine", filter_subject="units.LZCB.>")
            )
        with pytest.raises(nats.errors.TimeoutError):
            await a_js.get_msg("UNITS", message_b.metadata.sequence.stream)
        with pytest.raises(nats.errors.TimeoutError):
            await a_js.stream_info("UNITS")
        refused = "\n".join(a.violations)
        for route in (
            'subscription to "units.lzcb.>"',
            'subscription to "units.>"',
            'subscription to "_inbox.>"',
            'publish to "$js.api.consumer.msg.next.units.unit_lzcb"',
            'publish to "$js.api.consumer.info.units.unit_lzcb"',
            'publish to "$js.api.consumer.create.units',
            'publish to "$js.api.consumer.durable.create.units.mine',
            'publish to "$js.api.stream.msg.get.units"',
            'publish to "$js.api.stream.info.units"',
        ):
            assert f"permissions violation for {route}" in refused, refused
        # and B's pending message is still there for B
        assert (await js.consumer_info("UNITS", "unit_LZCB")).num_ack_pending == 1
        # and the service user still sees all of it
        assert (await js.stream_info("UNITS")).state.messages == 2
        for client in (a.nc, b.nc, office):
            await client.close()
