"""Each service's `/asyncapi.json` (FastStream's, from its broker) passes the official AsyncAPI
parser, and names every subject the service publishes or consumes.

What it consumes is read from the NATS server (the durable consumers the running services
made); what it publishes from the source (the contracts each service's code constructs),
neither from the list that builds the catalogue.
"""

import ast
import asyncio
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

import shared.app
from office.cli import cli
from shared.asyncapi import contracts
from tests.support import NatsServer, jetstream

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = ROOT / ".tools" / "node"
PARSER = "@asyncapi/parser@3"
SERVICES = ("docs", "meetings", "infoscore", "logistics", "notify", "aggregate")
DURABLES = {"docs": "docs", "logistics": "logistics", "notify": "notify", "aggregate": "aggregate-g1"}
VALIDATE = """\
import { readFileSync } from "node:fs";
import { Parser } from "@asyncapi/parser";
const parser = new Parser();
let failed = false;
for (const path of process.argv.slice(2)) {
  const { diagnostics } = await parser.parse(readFileSync(path, "utf8"));
  for (const d of diagnostics.filter((d) => d.severity === 0)) {
    failed = true;
    console.log(`${path}: ${d.code}: ${d.message} at ${d.path.join(".")}`);
  }
}
process.exit(failed ? 1 : 0);
"""


def official_parser() -> Path:
    """The parser installed into the project's tooling folder (npm), and a script that runs it."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js is not installed (CI installs it)")
    if not (NODE_DIR / "node_modules" / "@asyncapi" / "parser").is_dir():
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(NODE_DIR), PARSER],
            check=True,
            timeout=600,
        )
    script = NODE_DIR / "validate.mjs"
    script.write_text(VALIDATE)
    return script


def parser_errors(script: Path, paths: list[str]) -> str:
    """What the parser reports as errors (nothing when every document is valid)."""
    result = subprocess.run(["node", str(script), *paths], capture_output=True, text=True, timeout=300)
    return "" if result.returncode == 0 else result.stdout + result.stderr


def published_subjects(service: str) -> set[str]:
    """The subjects of the contracts the service's code constructs (an AST read of its source)."""
    by_name = {c.__name__: c.subject() for c in contracts()}
    found = set()
    for path in (ROOT / "services" / service).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in by_name:
                found.add(by_name[node.func.id])
    return found


def addresses(catalogue: dict[str, Any], action: str) -> set[str]:
    channels = catalogue["channels"]
    named = {
        unquote(op["channel"]["$ref"].rsplit("/", 1)[1])
        for op in catalogue["operations"].values()
        if op["action"] == action
    }
    return {channels[name]["address"] for name in named}


async def catalogues(stack: Any) -> dict[str, dict[str, Any]]:
    answers = {name: await getattr(stack, name).get("/asyncapi.json") for name in SERVICES}
    assert all(a.status_code == 200 for a in answers.values())
    return {name: a.json() for name, a in answers.items()}


async def test_every_catalogue_passes_the_official_parser_and_names_what_it_sends_and_receives(
    start_stack: Any, nats_server: NatsServer, tmp_path: Path, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("the catalogue does not depend on the database")
    script = await asyncio.to_thread(official_parser)
    async with start_stack(*SERVICES) as stack:
        async with jetstream(nats_server.url) as js:

            async def bound() -> dict[str, str | None]:
                return {c.name: c.config.filter_subject for c in await js.consumers_info("OFFICE")}

            consumed = await _eventually_all(bound)
        found = await catalogues(stack)
        # what `office asyncapi --service <name>` prints is what the running service answers
        for name, answered in found.items():
            assert shared.app.catalogue([stack.apps[name].state.spec]) == answered, name
    paths = []
    for name, catalogue in found.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(catalogue, ensure_ascii=False))
        paths.append(str(path))
    errors = await asyncio.to_thread(parser_errors, script, paths)
    assert not errors, errors

    for name, catalogue in found.items():
        assert published_subjects(name) <= addresses(catalogue, "send"), name
        if name in DURABLES:
            assert consumed[DURABLES[name]] in addresses(catalogue, "receive"), name
    assert published_subjects("docs") and addresses(found["aggregate"], "receive") == {"office.>"}
    units = {a for a in addresses(found["notify"], "send") if a.startswith("units.{unit}.")}
    assert "units.{unit}.docs.incoming.registered" in units
    unit_channel = next(c for c in found["notify"]["channels"].values() if c["address"].startswith("units."))
    assert "unit_<CODE>" in unit_channel["description"] and "unit" in unit_channel["parameters"]


async def _eventually_all(bound: Any) -> dict[str, str]:
    for _ in range(100):
        consumers = await bound()
        if set(DURABLES.values()) <= set(consumers):
            return consumers  # type: ignore[no-any-return]
        await asyncio.sleep(0.2)
    raise AssertionError(f"consumers not bound: {consumers}")


def test_a_message_carries_the_envelope_and_its_typed_data() -> None:
    printed = CliRunner().invoke(cli, ["asyncapi", "--service", "docs"])
    assert printed.exit_code == 0, printed.output
    schemas = json.loads(printed.stdout)["components"]["schemas"]
    event = schemas["IncomingRegisteredV1"]
    assert event["properties"]["type"]["const"] == "office.docs.incoming.registered.v1"
    assert {"specversion", "id", "source", "subject", "unit", "actor", "data"} <= set(event["properties"])
    assert "received_at" in schemas["IncomingRegistered"]["properties"]
