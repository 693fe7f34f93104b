"""The `office` command signs only tokens the services accept, prints the event catalogue with
what is sent and received, and says its version."""

import json
from pathlib import Path

import jwt
import pytest
from typer.testing import CliRunner

from office.cli import cli

RUNNER = CliRunner()


@pytest.fixture(autouse=True)
def local_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFICE_DATA_DIR", str(tmp_path))


def test_a_token_for_a_known_unit_role_and_clearance_is_signed() -> None:
    signed = RUNNER.invoke(
        cli, ["token", "--sub", "alice", "--unit", "GO", "--role", "staff", "--clearance", "secret"]
    )
    assert signed.exit_code == 0, signed.output
    claims = jwt.decode(signed.output.strip(), options={"verify_signature": False})
    assert (claims["unit"], claims["roles"], claims["clearance"]) == ("GO", ["staff"], "secret")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--unit", "XXCB", "--role", "staff"], "unknown unit 'XXCB'"),
        (["--unit", "GO", "--role", "staff", "--role", "boss"], "unknown roles boss"),
        (["--unit", "GO", "--role", "staff", "--clearance", "max"], "unknown clearance 'max'"),
    ],
)
def test_a_token_the_services_would_refuse_is_not_signed(args: list[str], named: str) -> None:
    refused = RUNNER.invoke(cli, ["token", "--sub", "alice", *args])
    assert refused.exit_code == 2 and named in " ".join(refused.output.split()), refused.output


def test_the_version() -> None:
    answer = RUNNER.invoke(cli, ["--version"])
    assert answer.exit_code == 0 and answer.output.startswith("office 0.")


def test_the_event_catalogue_says_what_is_received_as_well_as_what_is_sent() -> None:
    printed = RUNNER.invoke(cli, ["asyncapi"])
    assert printed.exit_code == 0, printed.output
    operations = json.loads(printed.stdout)["operations"].values()
    received = {op["channel"]["$ref"].rsplit("/", 1)[1] for op in operations if op["action"] == "receive"}
    assert {r.split(":")[0] for r in received} == {"docs", "logistics", "notify", "aggregate-g1"}
    assert any(op["action"] == "send" for op in operations)

    aggregate = json.loads(RUNNER.invoke(cli, ["asyncapi", "--service", "aggregate"]).stdout)
    assert {op["action"] for op in aggregate["operations"].values()} == {"send", "receive"}
    assert RUNNER.invoke(cli, ["asyncapi", "--service", "archive"]).exit_code == 2
