"""deploy/compose.yaml: valid against the compose specification, and wired as the runbook says.

The schema is the compose-spec's own (tests/deploy/schemas/compose-spec.json, Apache-2.0,
as vendored by check-jsonschema 0.39.0); interpolation is done here the way compose does it.
"""

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy import make_env
from tests.deploy.helpers import (
    DEPLOY,
    SERVICES,
    MissingVariable,
    interpolate,
    read_env_file,
    required_variables,
    unit_password_variables,
)

COMPOSE = DEPLOY / "compose.yaml"
SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """What `python3 deploy/make_env.py` makes of .env.example, as compose reads it."""
    target = tmp_path / ".env"
    make_env.complete_from_example(DEPLOY / ".env.example", target)
    return read_env_file(target)


def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed (a dev dependency)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def compose(env: dict[str, str]) -> dict[str, Any]:
    raw = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return interpolate(raw, env)  # type: ignore[no-any-return]


def test_the_compose_file_is_valid_against_the_compose_specification(env: dict[str, str]) -> None:
    errors = sorted(validator().iter_errors(compose(env)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_a_typo_is_caught_by_the_schema(env: dict[str, str]) -> None:
    broken = compose(env)
    broken["services"]["docs"]["depends_on"]["nats"]["condition"] = "service_healty"
    assert list(validator().iter_errors(broken))


def test_it_refuses_to_start_without_each_secret(env: dict[str, str]) -> None:
    required = required_variables(COMPOSE.read_text(encoding="utf-8"))
    example = read_env_file(DEPLOY / ".env.example")
    assert required == set(example), "every required variable is in .env.example, and only those"
    assert all(value == "" for value in example.values()), ".env.example ships no usable secret"
    for name in required:
        for missing in ({k: v for k, v in env.items() if k != name}, env | {name: ""}):
            with pytest.raises(MissingVariable, match=name):
                compose(missing)


def test_the_six_services_run_from_the_one_image(env: dict[str, str]) -> None:
    services = compose(env)["services"]
    for name, port in SERVICES.items():
        service = services[name]
        assert service["build"] == {"context": "..", "dockerfile": "Dockerfile"}
        assert service["image"] == "office-suite:latest"
        environment = service["environment"]
        assert environment["SERVICE"] == name
        database = environment[f"{name.upper()}_DATABASE_URL"]
        assert database.startswith(f"postgresql+asyncpg://{name}:")
        assert database.endswith(f"@postgres:5432/{name}")
        assert environment["OFFICE_ENV"] == "production"
        assert environment["NATS_URL"] == f"nats://office:{env['OFFICE_NATS_PASSWORD']}@nats:4222"
        assert environment["OFFICE_JWT_SECRET"] == env["OFFICE_JWT_SECRET"]
        assert (
            environment["OFFICE_JWT_AUDIENCE"] and environment["OFFICE_JWT_ISSUER"]
        )  # production needs both
        # the Python exporter takes this URL as it is: the path must be there
        assert environment["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318"
        assert environment["OFFICE_UNITS_FILE"] == "/etc/office/units.yaml"
        assert "../shared/data/units.yaml:/etc/office/units.yaml:ro" in service["volumes"]
        assert service["ports"] == [f"127.0.0.1:{port}:{port}"]
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert service["depends_on"]["nats"]["condition"] == "service_healthy"
        assert service["read_only"] is True
        assert service["cap_drop"] == ["ALL"]


def test_postgres_makes_a_database_per_service(env: dict[str, str]) -> None:
    postgres = compose(env)["services"]["postgres"]
    assert postgres["image"] == "postgres:16"
    assert "postgres-data:/var/lib/postgresql/data" in postgres["volumes"]
    init = "./postgres/init-databases.sh:/docker-entrypoint-initdb.d/10-init-databases.sh:ro"
    assert init in postgres["volumes"]
    assert "127.0.0.1" in postgres["healthcheck"]["test"]  # TCP: up only after the init
    for name in SERVICES:
        assert postgres["environment"][f"{name.upper()}_DB_PASSWORD"] == env[f"{name.upper()}_DB_PASSWORD"]
    script = (DEPLOY / "postgres" / "init-databases.sh").read_text(encoding="utf-8")
    assert f"for service in {' '.join(SERVICES)}; do" in script


def test_nats_runs_jetstream_with_its_config_and_a_named_volume(env: dict[str, str]) -> None:
    spec = compose(env)
    nats = spec["services"]["nats"]
    assert re.fullmatch(r"nats:2\.(1\d)(\.\d+)?-alpine", nats["image"])
    assert nats["command"] == ["nats-server", "--config", "/etc/nats/nats.conf"]
    assert "./nats/nats.conf:/etc/nats/nats.conf:ro" in nats["volumes"]
    assert "./nats/units.conf:/etc/nats/units.conf:ro" in nats["volumes"]
    assert "jetstream:/data" in nats["volumes"]
    assert "js-enabled-only=true" in " ".join(nats["healthcheck"]["test"])
    assert nats["env_file"] == [{"path": "./nats/units.env", "required": True}]
    assert nats["environment"]["OFFICE_NATS_PASSWORD"] == env["OFFICE_NATS_PASSWORD"]
    assert set(spec["volumes"]) == {"postgres-data", "jetstream"}
    conf = (DEPLOY / "nats" / "nats.conf").read_text(encoding="utf-8")
    assert "store_dir: /data/jetstream" in conf


def test_traces_go_through_the_collector_to_jaeger(env: dict[str, str]) -> None:
    services = compose(env)["services"]
    collector = services["otel-collector"]
    assert collector["image"].startswith("otel/opentelemetry-collector-contrib:")
    assert "./otel/collector.yaml:/etc/otelcol-contrib/config.yaml:ro" in collector["volumes"]
    assert services["jaeger"]["image"].startswith("jaegertracing/jaeger:")
    config = yaml.safe_load((DEPLOY / "otel" / "collector.yaml").read_text(encoding="utf-8"))
    pipeline = config["service"]["pipelines"]["traces"]
    assert pipeline["receivers"] == ["otlp"]
    assert "4318" in config["receivers"]["otlp"]["protocols"]["http"]["endpoint"]
    (exporter,) = pipeline["exporters"]
    assert config["exporters"][exporter]["endpoint"] == "jaeger:4317"


def test_every_image_is_pinned(env: dict[str, str]) -> None:
    for name, service in compose(env)["services"].items():
        image = service["image"]
        if name in SERVICES:
            continue  # built here
        assert ":" in image and not image.endswith(":latest"), f"{name}: {image}"


def test_every_mounted_file_exists(env: dict[str, str]) -> None:
    for service in compose(env)["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (DEPLOY / source).exists(), source


def test_make_env_fills_every_secret_once_and_keeps_them(tmp_path: Path) -> None:
    target, units_env = tmp_path / ".env", tmp_path / "nats" / "units.env"
    made = make_env.complete_from_example(DEPLOY / ".env.example", target)
    assert set(made) == set(read_env_file(DEPLOY / ".env.example"))
    first = read_env_file(target)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{40,}", value) for value in first.values())
    assert len(set(first.values())) == len(first)
    assert make_env.complete_from_example(DEPLOY / ".env.example", target) == []
    assert read_env_file(target) == first
    assert target.stat().st_mode & 0o777 == 0o600

    wanted = unit_password_variables(DEPLOY / "nats" / "units.conf")
    assert make_env.complete_unit_passwords(DEPLOY / "nats" / "units.conf", units_env) == wanted
    passwords = read_env_file(units_env)
    assert list(passwords) == wanted
    assert make_env.complete_unit_passwords(DEPLOY / "nats" / "units.conf", units_env) == []
    assert read_env_file(units_env) == passwords
    assert units_env.stat().st_mode & 0o777 == 0o600


def test_make_env_adds_the_password_of_a_new_unit_only(tmp_path: Path) -> None:
    units_conf = tmp_path / "units.conf"
    shutil.copy(DEPLOY / "nats" / "units.conf", units_conf)
    units_env = tmp_path / "units.env"
    make_env.complete_unit_passwords(units_conf, units_env)
    before = read_env_file(units_env)
    units_conf.write_text(units_conf.read_text() + "\n# password: $NATS_UNIT_NEW_PASSWORD\n")
    assert make_env.complete_unit_passwords(units_conf, units_env) == ["NATS_UNIT_NEW_PASSWORD"]
    after = read_env_file(units_env)
    assert {k: v for k, v in after.items() if k in before} == before


def test_secrets_are_ignored_by_git() -> None:
    ignored = (DEPLOY / ".gitignore").read_text(encoding="utf-8").split()
    for entry in ("/.env", "/nats/units.env", "/k8s/overlays/prod/secrets/*.env"):
        assert entry in ignored
