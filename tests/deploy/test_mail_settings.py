"""E-mail from notify in both deployments: what make_env.py generates leaves it off, and the
commented lines of the examples, once an operator uncomments them, switch it on."""

import base64
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy import make_env
from services.notify.settings import NotifySettings
from tests.deploy.helpers import (
    DEPLOY,
    copy_k8s,
    find,
    interpolate,
    read_env_file,
    render,
    write_prod_secrets,
)

EXAMPLES = (DEPLOY / ".env.example", DEPLOY / "k8s" / "overlays" / "prod" / "secrets" / "office.env.example")
SMTP = re.compile(r"^NOTIFY_SMTP_[A-Z_]+$")
# the prod overlay's commented configMapGenerator example, line by line
GENERATOR = r"configMapGenerator:|\s+(- name: office-config|behavior: merge|literals:|- [A-Z_]+=)"


def uncommented(text: str, pattern: str) -> str:
    """The text with the commented lines that match `pattern` (after `# `) uncommented."""
    return re.sub(rf"^# ({pattern})", r"\1", text, flags=re.MULTILINE)


def compose_notify(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> NotifySettings:
    """The settings notify reads from the environment compose gives it with this deploy/.env."""
    raw = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    for key, value in interpolate(raw, env)["services"]["notify"]["environment"].items():
        monkeypatch.setenv(key, str(value))
    return NotifySettings()


@pytest.mark.parametrize("example", EXAMPLES, ids=["compose", "k8s-prod"])
def test_make_env_fills_secrets_only_and_no_smtp_setting(example: Path, tmp_path: Path) -> None:
    empty = [key for key, value in read_env_file(example).items() if not value]
    assert all(key.endswith(("_PASSWORD", "_SECRET")) for key in empty), empty
    made = make_env.complete_from_example(example, tmp_path / "office.env")
    assert not [key for key in made if SMTP.match(key)]
    assert not [key for key in read_env_file(tmp_path / "office.env") if SMTP.match(key)]


def test_compose_leaves_e_mail_off_with_the_generated_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_env.complete_from_example(DEPLOY / ".env.example", tmp_path / ".env")
    settings = compose_notify(read_env_file(tmp_path / ".env"), monkeypatch)
    assert not settings.mail_on
    assert (settings.smtp_port, settings.smtp_starttls) == (587, True)
    assert settings.smtp_username is None and settings.smtp_password is None


def test_compose_switches_e_mail_on_with_the_example_lines_uncommented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = tmp_path / ".env"
    make_env.complete_from_example(DEPLOY / ".env.example", env_file)
    text = uncommented(env_file.read_text(encoding="utf-8"), "NOTIFY_SMTP_")
    env_file.write_text(text.replace("NOTIFY_SMTP_PASSWORD=\n", "NOTIFY_SMTP_PASSWORD=mail-pw\n"))
    assert make_env.complete_from_example(DEPLOY / ".env.example", env_file) == []
    settings = compose_notify(read_env_file(env_file), monkeypatch)
    assert settings.mail_on and settings.smtp_host == "smtp.example.internal"
    assert (settings.smtp_port, settings.smtp_starttls) == (587, True)
    assert (settings.smtp_username, settings.smtp_password) == ("office-notify", "mail-pw")
    assert settings.smtp_from == "office-notify@example.internal"


def notify_env(objects: list[dict[str, Any]]) -> dict[str, str | None]:
    """The SMTP settings the notify pods get: office-config's, and the password from its Secret."""
    (app,) = find(objects, "Deployment", "notify")["spec"]["template"]["spec"]["containers"]
    config = find(objects, "ConfigMap", app["envFrom"][0]["configMapRef"]["name"])["data"]
    settings: dict[str, str | None] = {k: v for k, v in config.items() if SMTP.match(k)}
    (password,) = [e["valueFrom"]["secretKeyRef"] for e in app["env"] if e["name"] == "NOTIFY_SMTP_PASSWORD"]
    assert password["optional"] is True
    secret = find(objects, "Secret", password["name"])["data"].get(password["key"])
    settings["NOTIFY_SMTP_PASSWORD"] = base64.b64decode(secret).decode() if secret else None
    return settings


def prod_copy(tmp_path: Path) -> Path:
    copy = copy_k8s(tmp_path)
    write_prod_secrets(copy, make_env)
    return copy


def test_kubernetes_leaves_e_mail_off_with_the_generated_secrets(tmp_path: Path) -> None:
    assert notify_env(render(prod_copy(tmp_path) / "overlays" / "prod")) == {"NOTIFY_SMTP_PASSWORD": None}
    assert notify_env(render(DEPLOY / "k8s" / "overlays" / "dev")) == {"NOTIFY_SMTP_PASSWORD": None}


def test_kubernetes_switches_e_mail_on_with_the_example_lines_uncommented(tmp_path: Path) -> None:
    prod = prod_copy(tmp_path) / "overlays" / "prod"
    kustomization = prod / "kustomization.yaml"
    kustomization.write_text(uncommented(kustomization.read_text(encoding="utf-8"), GENERATOR))
    secrets = prod / "secrets" / "office.env"
    text = uncommented(secrets.read_text(encoding="utf-8"), "NOTIFY_SMTP_")
    secrets.write_text(text.replace("NOTIFY_SMTP_PASSWORD=\n", "NOTIFY_SMTP_PASSWORD=mail-pw\n"))
    objects = render(prod)
    assert notify_env(objects) == {
        "NOTIFY_SMTP_HOST": "smtp.example.internal",
        "NOTIFY_SMTP_PORT": "587",
        "NOTIFY_SMTP_USERNAME": "office-notify",
        "NOTIFY_SMTP_FROM": "office-notify@example.internal",
        "NOTIFY_SMTP_PASSWORD": "mail-pw",
    }
    egress = find(objects, "NetworkPolicy", "notify-to-smtp-server")["spec"]
    assert egress["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == "notify"
    assert egress["egress"][0]["ports"] == [{"protocol": "TCP", "port": 587}]
