"""The NATS configuration: per-unit users generated from the registry, and nats-server accepts it."""

import re
import subprocess
from itertools import combinations
from pathlib import Path

import pytest

from deploy.make_env import new_secret
from deploy.nats import generate_units_conf as gen
from tests.deploy.helpers import DEPLOY, K8S, ROOT, unit_password_variables
from tests.support import nats_server_binary

SAMPLE = ROOT / "shared" / "data" / "units.yaml"
COMPOSE_CONF = DEPLOY / "nats" / "nats.conf"
K8S_CONF = K8S / "base" / "nats" / "nats.conf"
BCRYPT = "$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG"


def sample_units() -> list[dict[str, object]]:
    return gen.load_units(SAMPLE)


def user_blocks(conf: str) -> dict[str, str]:
    """user name -> the text of its entry in the generated authorization block."""
    blocks = {}
    for match in re.finditer(r'\{\n\s*user: "([^"]+)"(.*?)\n    \}', conf, re.DOTALL):
        blocks[match.group(1)] = match.group(2)
    office = re.search(r'\{user: "office", password: ([^}]*)\}', conf)
    assert office is not None
    blocks["office"] = office.group(1)
    return blocks


def subjects_overlap(a: str, b: str) -> bool:
    """Whether some subject matches both NATS subject patterns (`*` one token, `>` the rest)."""
    left, right = a.split("."), b.split(".")
    for i, (x, y) in enumerate(zip(left, right, strict=False)):
        if x == ">" or y == ">":
            return True
        if x != y and "*" not in (x, y):
            return False
        if i == len(left) - 1 or i == len(right) - 1:
            return len(left) == len(right)
    return False


def run_config_test(conf: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [nats_server_binary(), "-t", "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
        env={"PATH": "/usr/bin:/bin", **env},
    )


def server_env(conf_units: Path, password: str = "pSecret-1") -> dict[str, str]:
    env = {gen.SERVICE_PASSWORD_VAR: password}
    env.update(dict.fromkeys(unit_password_variables(conf_units), password))
    return env


def test_the_committed_files_are_what_the_sample_registry_generates() -> None:
    assert gen.main(["--check"]) == 0, "run deploy/nats/generate_units_conf.py"
    expected = gen.render_registry(SAMPLE)
    assert (DEPLOY / "nats" / "units.conf").read_text(encoding="utf-8") == expected
    assert (K8S / "base" / "nats" / "units.conf").read_text(encoding="utf-8") == expected
    assert (K8S / "base" / "config" / "units.yaml").read_bytes() == SAMPLE.read_bytes()


def test_generation_is_deterministic() -> None:
    def password(unit: dict[str, object]) -> str:
        return f"pw-{unit['code']}"

    first = gen.render(sample_units(), "pw-office", password)
    second = gen.render(sample_units(), "pw-office", password)
    assert first == second
    assert gen.render_registry(SAMPLE) == gen.render_registry(SAMPLE)


def test_every_unit_of_the_registry_gets_a_user_and_the_services_one() -> None:
    conf = gen.render_registry(SAMPLE)
    blocks = user_blocks(conf)
    codes = [str(u["code"]) for u in sample_units()]
    assert len(codes) == 32
    assert set(blocks) == {"office"} | {f"unit_{code}" for code in codes}
    assert "permissions" not in blocks["office"]  # the services may do everything
    assert blocks["office"].strip() == "$OFFICE_NATS_PASSWORD"


def test_each_unit_may_use_only_its_own_subjects() -> None:
    conf = gen.render_registry(SAMPLE)
    blocks = user_blocks(conf)
    for unit in sample_units():
        code = str(unit["code"])
        block = blocks[f"unit_{code}"]
        publish = [
            f"$JS.API.CONSUMER.MSG.NEXT.UNITS.unit_{code}",
            f"$JS.API.CONSUMER.INFO.UNITS.unit_{code}",
            f"$JS.ACK.UNITS.unit_{code}.>",
        ]
        subscribe = [f"units.{code}.>", f"_INBOX.unit_{code}.>"]
        assert gen.permissions(code) == {"publish": publish, "subscribe": subscribe}
        allowed = re.findall(r"(publish|subscribe): \{allow: \[([^\]]*)\]\}", block)
        assert {kind: re.findall(r'"([^"]+)"', items) for kind, items in allowed} == {
            "publish": publish,
            "subscribe": subscribe,
        }
        assert f"password: $NATS_UNIT_{code}_PASSWORD" in block
        assert "deny" not in block  # an allow list denies the rest


def test_no_two_units_share_a_subject() -> None:
    codes = [str(u["code"]) for u in sample_units()]
    for a, b in combinations(codes, 2):
        for kind in ("publish", "subscribe"):
            for left in gen.permissions(a)[kind]:
                for right in gen.permissions(b)[kind]:
                    assert not subjects_overlap(left, right), (a, b, left, right)


def test_no_unit_gets_a_wildcard_beyond_its_own_prefix() -> None:
    for unit in sample_units():
        code = str(unit["code"])
        for subject in gen.permissions(code)["publish"] + gen.permissions(code)["subscribe"]:
            head = subject.removesuffix(".>")
            assert "*" not in subject and ">" not in head
            assert code in head.split(".") or f"unit_{code}" in head.split(".")


def test_the_overlap_check_itself() -> None:
    assert subjects_overlap("units.GO.>", "units.*.x")
    assert subjects_overlap("_INBOX.>", "_INBOX.unit_GO.abc")
    assert not subjects_overlap("units.GO.>", "units.GOV.>")
    assert not subjects_overlap("$JS.ACK.UNITS.unit_A.>", "$JS.ACK.UNITS.unit_B.>")
    assert not subjects_overlap("a.b", "a.b.c")


@pytest.mark.parametrize("code", ["", "A.B", "A*", ">", "A B", "GO>"])
def test_a_code_that_is_not_one_subject_token_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match="subject token"):
        gen.render([{"code": code, "name": "x", "kind": "division"}], "$OFFICE_NATS_PASSWORD", lambda u: "p")


def test_duplicate_codes_are_refused() -> None:
    units: list[dict[str, object]] = [{"code": "GO", "kind": "division"}, {"code": "GO", "kind": "division"}]
    with pytest.raises(ValueError, match="duplicate"):
        gen.render(units, "p", lambda u: "p")


def test_passwords_variables_bare_values_quoted() -> None:
    units: list[dict[str, object]] = [
        {"code": "A", "kind": "affiliated"},
        {"code": "B", "kind": "affiliated"},
    ]
    given = {"A": BCRYPT, "B": 'plain "quoted" \\ one'}
    conf = gen.render(units, "$OFFICE_NATS_PASSWORD", lambda u: given[str(u["code"])])
    assert "password: $OFFICE_NATS_PASSWORD}" in conf
    assert f'password: "{BCRYPT}"' in conf
    assert 'password: "plain \\"quoted\\" \\\\ one"' in conf


def test_kinds_can_be_limited_to_the_subordinate_units() -> None:
    units = gen.load_units(SAMPLE, ["affiliated", "city_bureau"])
    assert units and all(u["kind"] in ("affiliated", "city_bureau") for u in units)
    assert len(units) < len(sample_units())


def test_nats_server_accepts_the_compose_configuration() -> None:
    result = run_config_test(COMPOSE_CONF, server_env(DEPLOY / "nats" / "units.conf", new_secret()))
    assert result.returncode == 0, result.stderr


def test_nats_server_accepts_the_kubernetes_configuration() -> None:
    env = server_env(K8S / "base" / "nats" / "units.conf", new_secret()) | {"SERVER_NAME": "nats-0"}
    result = run_config_test(K8S_CONF, env)
    assert result.returncode == 0, result.stderr


def test_nats_server_refuses_the_configuration_without_a_units_password() -> None:
    env = server_env(DEPLOY / "nats" / "units.conf")
    env.pop("NATS_UNIT_NNCB_PASSWORD")
    result = run_config_test(COMPOSE_CONF, env)
    assert result.returncode != 0
    assert "NATS_UNIT_NNCB_PASSWORD" in result.stderr


def test_nats_server_accepts_generated_plain_and_bcrypt_passwords(tmp_path: Path) -> None:
    units = sample_units()
    plain = {str(u["code"]): new_secret() for u in units}
    (tmp_path / "units.conf").write_text(
        gen.render(units, BCRYPT, lambda u: plain[str(u["code"])]), encoding="utf-8"
    )
    conf = tmp_path / "nats.conf"
    conf.write_text(COMPOSE_CONF.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_config_test(conf, {})
    assert result.returncode == 0, result.stderr


def test_both_configurations_sync_every_write() -> None:
    for conf in (COMPOSE_CONF, K8S_CONF):
        text = conf.read_text(encoding="utf-8")
        assert re.search(r"^\s*sync_interval: always\s*(#.*)?$", text, re.MULTILINE), conf
        assert "include ./units.conf" in text


def test_the_cluster_routes_name_every_statefulset_pod() -> None:
    text = K8S_CONF.read_text(encoding="utf-8")
    routes = re.findall(r"nats://(nats-\d)\.nats-headless:6222", text)
    assert routes == ["nats-0", "nats-1", "nats-2"]
