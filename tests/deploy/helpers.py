"""What the deploy tests share: paths, the compose interpolation, kustomize, label selectors."""

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
SERVICES = {
    "docs": 8101,
    "meetings": 8102,
    "infoscore": 8103,
    "logistics": 8104,
    "notify": 8105,
    "aggregate": 8106,
}
UNIT_PASSWORD_VARIABLE = re.compile(r"\$(NATS_UNIT_[A-Za-z0-9_]+_PASSWORD)\b")


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def unit_password_variables(units_conf: Path) -> list[str]:
    return list(dict.fromkeys(UNIT_PASSWORD_VARIABLE.findall(units_conf.read_text(encoding="utf-8"))))


# --- compose ----------------------------------------------------------------------------

_COMPOSE_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)
_BRACED = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>.*))?$", re.DOTALL)


class MissingVariable(Exception):
    pass


def interpolate(value: Any, env: Mapping[str, str]) -> Any:
    """Compose's variable interpolation over every string of a loaded compose file."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if isinstance(value, str):
        return _COMPOSE_VARIABLE.sub(lambda match: _substitute(match, env), value)
    return value


def _substitute(match: re.Match[str], env: Mapping[str, str]) -> str:
    if match.group("escaped"):
        return "$"
    if match.group("named"):
        return env.get(match.group("named"), "")
    braced = _BRACED.match(match.group("braced"))
    if braced is None:
        raise ValueError(f"unsupported interpolation {match.group(0)!r}")
    name, op, arg = braced.group("name"), braced.group("op"), braced.group("arg")
    value = env.get(name)
    unset_or_empty = not value if op and op.startswith(":") else value is None
    if op in (":-", "-"):
        return arg if unset_or_empty else str(value)
    if op in (":?", "?"):
        if unset_or_empty:
            raise MissingVariable(f"{name}: {arg}")
        return str(value)
    if op in (":+", "+"):
        return "" if unset_or_empty else arg
    return value or ""


def required_variables(text: str) -> set[str]:
    """The variables a compose file refuses to start without (`${NAME:?...}`)."""
    return set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*):\?", text))


# --- kustomize ----------------------------------------------------------------------------


def kubectl() -> str:
    found = shutil.which("kubectl")
    if found is None:
        pytest.skip("kubectl is not installed: the kustomize renders are not checked")
    return found


def kustomize(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [kubectl(), "kustomize", str(directory)], capture_output=True, text=True, check=False, timeout=120
    )


def render(directory: Path) -> list[dict[str, Any]]:
    result = kustomize(directory)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def pod_specs(objects: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(workload, pod template) of every Deployment, StatefulSet and Job."""
    for obj in objects:
        if obj["kind"] in ("Deployment", "StatefulSet", "Job"):
            yield obj, obj["spec"]["template"]


def find(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    matches = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}: {len(matches)} found"
    return matches[0]


def selects(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """A Kubernetes label selector (matchLabels, matchExpressions) against labels."""
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        ok = {
            "In": key in labels and labels[key] in values,
            "NotIn": key not in labels or labels[key] not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[operator]
        if not ok:
            return False
    return True


def write_prod_secrets(k8s_copy: Path, make_env: Any) -> None:
    """Fill a copy of deploy/k8s's prod secret files as an operator would (make_env.py)."""
    secrets_dir = k8s_copy / "overlays" / "prod" / "secrets"
    make_env.complete_from_example(secrets_dir / "office.env.example", secrets_dir / "office.env")
    make_env.complete_unit_passwords(
        k8s_copy / "base" / "nats" / "units.conf", secrets_dir / "nats-units.env"
    )


def copy_k8s(tmp_path: Path) -> Path:
    """deploy/k8s without the prod secret files an operator's checkout may hold."""
    copy = tmp_path / "k8s"
    prod_secrets = K8S / "overlays" / "prod" / "secrets"

    def ignore(directory: str, names: list[str]) -> list[str]:
        dropped = [n for n in names if n == "__pycache__"]
        if Path(directory) == prod_secrets:
            dropped += [n for n in names if n.endswith(".env")]
        return dropped

    shutil.copytree(K8S, copy, ignore=ignore)
    return copy


def venv_path() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "/usr/bin:/bin")])
