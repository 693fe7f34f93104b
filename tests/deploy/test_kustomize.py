"""deploy/k8s: both overlays render, every object is valid Kubernetes, and the wiring holds.

Rendering needs `kubectl` (skipped without it); schema validation needs the
`kubernetes-validate` package (skipped without it), which carries the schemas offline.
"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy import make_env
from tests.deploy.helpers import (
    DEPLOY,
    K8S,
    ROOT,
    SERVICES,
    copy_k8s,
    find,
    kustomize,
    pod_specs,
    read_env_file,
    render,
    selects,
    unit_password_variables,
    write_prod_secrets,
)

KUBERNETES_VERSION = "1.30"  # the oldest release the manifests are meant for


@pytest.fixture(scope="module")
def dev() -> list[dict[str, Any]]:
    return render(K8S / "overlays" / "dev")


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    copy = copy_k8s(tmp_path_factory.mktemp("prod"))
    write_prod_secrets(copy, make_env)
    return render(copy / "overlays" / "prod")


@pytest.fixture(params=["dev", "prod"])
def rendered(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return request.getfixturevalue(str(request.param))  # type: ignore[no-any-return]


def containers(template: dict[str, Any]) -> list[dict[str, Any]]:
    spec = template["spec"]
    return list(spec.get("initContainers", [])) + list(spec["containers"])


# --- rendering and schemas -----------------------------------------------------------------


def test_prod_does_not_render_without_its_secret_files(tmp_path: Path) -> None:
    result = kustomize(copy_k8s(tmp_path) / "overlays" / "prod")
    assert result.returncode != 0
    assert "secrets/office.env" in result.stderr


def test_every_object_is_valid_kubernetes(rendered: list[dict[str, Any]]) -> None:
    validate = pytest.importorskip(
        "kubernetes_validate", reason="kubernetes-validate is not installed (a dev dependency)"
    )
    failures = []
    for obj in rendered:
        try:
            validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except Exception as exc:  # ValidationError, SchemaNotFoundError: both are failures here
            failures.append(f"{obj['kind']}/{obj['metadata']['name']}: {getattr(exc, 'message', exc)}")
    assert not failures, "\n".join(failures)


def test_the_validation_catches_a_wrong_field(dev: list[dict[str, Any]]) -> None:
    validate = pytest.importorskip("kubernetes_validate", reason="kubernetes-validate is not installed")
    deployment = yaml.safe_load(yaml.safe_dump(find(dev, "Deployment", "docs")))
    deployment["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(validate.ValidationError):
        validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_everything_is_in_the_overlay_namespace(
    dev: list[dict[str, Any]], prod: list[dict[str, Any]]
) -> None:
    for objects, namespace in ((dev, "office-dev"), (prod, "office")):
        find(objects, "Namespace", namespace)
        for obj in objects:
            if obj["kind"] != "Namespace":
                assert obj["metadata"]["namespace"] == namespace, obj["metadata"]["name"]


# --- the services ------------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_its_deployment_service_autoscaler_budget_and_migration(
    rendered: list[dict[str, Any]], service: str
) -> None:
    port = SERVICES[service]
    deployment = find(rendered, "Deployment", service)
    assert "replicas" not in deployment["spec"], "the autoscaler owns the count"
    pod = deployment["spec"]["template"]
    labels = pod["metadata"]["labels"]
    assert selects(deployment["spec"]["selector"], labels)
    (app,) = pod["spec"]["containers"]
    env = {e["name"]: e for e in app["env"]}
    assert env["SERVICE"]["value"] == service
    assert env["SERVICE_PORT"]["value"] == str(port)
    assert env[f"{service.upper()}_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["key"] == (
        f"{service.upper()}_DATABASE_URL"
    )
    other_databases = [
        n for n in env if n.endswith("_DATABASE_URL") and n != f"{service.upper()}_DATABASE_URL"
    ]
    assert not other_databases, "a service sees its own database credentials only"
    assert app["ports"] == [{"name": "http", "containerPort": port}]
    assert app["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert app["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert app["readinessProbe"]["httpGet"] == {"path": "/readyz?only=database", "port": "http"}
    assert set(app["resources"]) == {"requests", "limits"}
    assert {"cpu", "memory"} <= set(app["resources"]["requests"]) & set(app["resources"]["limits"])
    assert pod["spec"]["enableServiceLinks"] is False  # else Service `docs` sets DOCS_PORT=tcp://...

    svc = find(rendered, "Service", service)
    assert selects({"matchLabels": svc["spec"]["selector"]}, labels)
    assert svc["spec"]["ports"] == [{"name": "http", "port": port, "targetPort": "http"}]

    hpa = find(rendered, "HorizontalPodAutoscaler", service)
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": service}
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]

    pdb = find(rendered, "PodDisruptionBudget", service)
    assert selects(pdb["spec"]["selector"], labels)

    job = find(rendered, "Job", f"migrate-{service}")
    (migrate,) = job["spec"]["template"]["spec"]["containers"]
    assert migrate["args"] == ["python", "/opt/office-jobs/migrate.py", service]
    assert migrate["image"] == app["image"]
    assert any(e["name"] == f"{service.upper()}_DATABASE_URL" for e in migrate["env"])


def test_the_autoscalers_differ_by_overlay(dev: list[dict[str, Any]], prod: list[dict[str, Any]]) -> None:
    assert find(dev, "HorizontalPodAutoscaler", "docs")["spec"]["minReplicas"] == 1
    assert find(prod, "HorizontalPodAutoscaler", "docs")["spec"]["minReplicas"] >= 2


def test_every_pod_is_locked_down(rendered: list[dict[str, Any]]) -> None:
    for workload, template in pod_specs(rendered):
        name = f"{workload['kind']}/{workload['metadata']['name']}"
        spec = template["spec"]
        pod_security = spec["securityContext"]
        assert pod_security["runAsNonRoot"] is True, name
        assert pod_security["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert spec["automountServiceAccountToken"] is False, name
        mounts_by_volume = {v["name"]: v for v in spec.get("volumes", [])}
        for container in containers(template):
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["capabilities"] == {"drop": ["ALL"]}, name
            assert "resources" in container and "limits" in container["resources"], name
            tmp = [m for m in container.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
            if workload["metadata"]["labels"].get("app.kubernetes.io/part-of") == "office" and (
                container["image"].startswith("office-suite") or "office-suite" in container["image"]
            ):
                assert tmp and "emptyDir" in mounts_by_volume[tmp[0]["name"]], f"{name}: /tmp"


def test_every_image_is_pinned(rendered: list[dict[str, Any]]) -> None:
    for workload, template in pod_specs(rendered):
        for container in containers(template):
            image = container["image"]
            assert re.search(r":[\w.-]+$|@sha256:", image) and not image.endswith(":latest"), (
                workload["metadata"]["name"],
                image,
            )


def test_the_suite_image_is_set_by_the_overlays(
    dev: list[dict[str, Any]], prod: list[dict[str, Any]]
) -> None:
    assert find(dev, "Deployment", "docs")["spec"]["template"]["spec"]["containers"][0]["image"] == (
        "office-suite:dev"
    )
    prod_image = find(prod, "Deployment", "docs")["spec"]["template"]["spec"]["containers"][0]["image"]
    assert prod_image.startswith("registry.") and "office-suite:" in prod_image


def test_every_config_and_secret_reference_resolves(rendered: list[dict[str, Any]]) -> None:
    names = {(o["kind"], o["metadata"]["name"]): o for o in rendered if o["kind"] in ("ConfigMap", "Secret")}
    for workload, template in pod_specs(rendered):
        refs: list[tuple[str, str, str | None]] = []
        for container in containers(template):
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    refs.append(("ConfigMap", source["configMapRef"]["name"], None))
                if "secretRef" in source:
                    refs.append(("Secret", source["secretRef"]["name"], None))
            for variable in container.get("env", []):
                ref = variable.get("valueFrom", {})
                if "secretKeyRef" in ref:  # an optional key (NOTIFY_SMTP_PASSWORD) may be absent
                    key = None if ref["secretKeyRef"].get("optional") else ref["secretKeyRef"]["key"]
                    refs.append(("Secret", ref["secretKeyRef"]["name"], key))
                if "configMapKeyRef" in ref:
                    refs.append(("ConfigMap", ref["configMapKeyRef"]["name"], ref["configMapKeyRef"]["key"]))
        for volume in template["spec"].get("volumes", []):
            if "configMap" in volume:
                refs.append(("ConfigMap", volume["configMap"]["name"], None))
        for kind, name, key in refs:
            assert (kind, name) in names, f"{workload['metadata']['name']}: {kind} {name} is not rendered"
            if key is not None:
                assert key in names[(kind, name)].get("data", {}), f"{kind} {name} has no key {key}"


def test_variables_are_defined_before_they_are_used(rendered: list[dict[str, Any]]) -> None:
    for _, template in pod_specs(rendered):
        for container in containers(template):
            defined: set[str] = set()
            for variable in container.get("env", []):
                for used in re.findall(r"\$\(([A-Z_]+)\)", variable.get("value", "")):
                    assert used in defined, f"{variable['name']} uses {used} before it is defined"
                defined.add(variable["name"])


def test_the_settings_and_the_unit_registry_are_mounted(rendered: list[dict[str, Any]]) -> None:
    deployment = find(rendered, "Deployment", "docs")
    spec = deployment["spec"]["template"]["spec"]
    (app,) = spec["containers"]
    config_name = app["envFrom"][0]["configMapRef"]["name"]
    config = find(rendered, "ConfigMap", config_name)["data"]
    units_file = Path(config["OFFICE_UNITS_FILE"])
    mount = next(m for m in app["volumeMounts"] if m["mountPath"] == str(units_file.parent))
    volume = next(v for v in spec["volumes"] if v["name"] == mount["name"])
    units = find(rendered, "ConfigMap", volume["configMap"]["name"])["data"][units_file.name]
    assert units == (ROOT / "shared" / "data" / "units.yaml").read_text(encoding="utf-8")
    assert config["OFFICE_ENV"] == "production"
    assert config["OFFICE_JWT_AUDIENCE"] and config["OFFICE_JWT_ISSUER"]  # production needs both
    assert "OFFICE_DATA_DIR" not in config  # the image's read-only /data: SQLite by mistake fails
    env = {e["name"]: e for e in app["env"]}
    assert env["NATS_URL"]["value"] == "nats://office:$(OFFICE_NATS_PASSWORD)@nats:4222"
    assert env["OFFICE_JWT_SECRET"]["valueFrom"]["secretKeyRef"]["name"].startswith("office-secrets")


def test_traces_go_to_the_collector_in_prod_and_nowhere_in_dev(
    dev: list[dict[str, Any]], prod: list[dict[str, Any]]
) -> None:
    def setting(objects: list[dict[str, Any]]) -> str:
        config = next(o for o in objects if o["metadata"]["name"].startswith("office-config"))
        return str(config["data"]["OTEL_EXPORTER_OTLP_ENDPOINT"])

    assert setting(dev) == ""
    assert setting(prod).startswith("http://") and setting(prod).endswith(":4318")


# --- ingress -----------------------------------------------------------------------------------


def test_the_ingress_routes_api_service_to_api_v1(rendered: list[dict[str, Any]]) -> None:
    ingress = find(rendered, "Ingress", "office")
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/use-regex"] == "true"
    rewrite = annotations["nginx.ingress.kubernetes.io/rewrite-target"]
    assert rewrite == "/api/v1/$2"
    paths = {
        p["backend"]["service"]["name"]: p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]
    }
    assert set(paths) == set(SERVICES)
    for service, path in paths.items():
        pattern = re.compile(path["path"])
        for asked, reaches in (
            (f"/api/{service}/incoming?limit=5", "/api/v1/incoming?limit=5"),
            (f"/api/{service}/", "/api/v1/"),
            (f"/api/{service}", "/api/v1/"),
        ):
            match = pattern.match(asked)
            assert match, asked
            assert rewrite.replace("$2", match.group(2)) == reaches
        assert not pattern.match(f"/api/{service}x/incoming")
        assert path["backend"]["service"]["port"] == {"name": "http"}


def test_prod_serves_one_host_over_tls(prod: list[dict[str, Any]]) -> None:
    spec = find(prod, "Ingress", "office")["spec"]
    assert spec["tls"][0]["hosts"] == [spec["rules"][0]["host"]]


# --- NATS --------------------------------------------------------------------------------------


def test_nats_is_three_jetstream_servers_behind_a_headless_service(rendered: list[dict[str, Any]]) -> None:
    statefulset = find(rendered, "StatefulSet", "nats")
    spec = statefulset["spec"]
    assert spec["replicas"] == 3
    headless = find(rendered, "Service", spec["serviceName"])
    assert headless["spec"]["clusterIP"] == "None"
    assert headless["spec"]["publishNotReadyAddresses"] is True
    assert selects(spec["selector"], spec["template"]["metadata"]["labels"])
    (nats,) = spec["template"]["spec"]["containers"]
    config_volume = next(v for v in spec["template"]["spec"]["volumes"] if v["name"] == "config")
    config = find(rendered, "ConfigMap", config_volume["configMap"]["name"])["data"]
    routes = re.findall(r"nats://([\w-]+)-(\d)\.([\w-]+):6222", config["nats.conf"])
    assert routes == [("nats", str(i), spec["serviceName"]) for i in range(spec["replicas"])]
    assert config["units.conf"] == (DEPLOY / "nats" / "units.conf").read_text(encoding="utf-8")
    assert nats["args"] == ["--config", "/etc/nats-config/nats.conf"]
    env = {e["name"] for e in nats["env"]}
    assert {"SERVER_NAME", "OFFICE_NATS_PASSWORD"} <= env
    units_secret = next(s["secretRef"]["name"] for s in nats["envFrom"])
    secret_keys = set(find(rendered, "Secret", units_secret)["data"])
    assert set(unit_password_variables(DEPLOY / "nats" / "units.conf")) <= secret_keys
    assert "js-enabled-only" in nats["livenessProbe"]["httpGet"]["path"]
    claim = spec["volumeClaimTemplates"][0]
    assert claim["metadata"]["name"] == "data"
    assert any(m["name"] == "data" and m["mountPath"] == "/data" for m in nats["volumeMounts"])
    assert "store_dir: /data/jetstream" in config["nats.conf"]
    find(rendered, "PodDisruptionBudget", "nats")


def test_the_streams_job_replicates_office_and_units(rendered: list[dict[str, Any]]) -> None:
    job = find(rendered, "Job", "nats-streams")
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["args"] == ["python", "/opt/office-jobs/nats_streams.py"]
    config_name = container["envFrom"][0]["configMapRef"]["name"]
    config = find(rendered, "ConfigMap", config_name)["data"]
    assert config["OFFICE_STREAM_REPLICAS"] == "3"
    assert config["OFFICE_REPLICATED_STREAMS"] == "OFFICE,UNITS"


def test_the_dev_overlay_covers_every_unit_password() -> None:
    dev_passwords = read_env_file(K8S / "overlays" / "dev" / "nats-units.env")
    assert set(unit_password_variables(K8S / "base" / "nats" / "units.conf")) == set(dev_passwords)


def test_the_dev_postgres_init_script_is_the_compose_one() -> None:
    copy = K8S / "overlays" / "dev" / "postgres" / "init-databases.sh"
    assert copy.read_bytes() == (DEPLOY / "postgres" / "init-databases.sh").read_bytes()


# --- network policies --------------------------------------------------------------------------

INGRESS_CONTROLLER = {
    "namespace": "ingress-nginx",
    "labels": {"app.kubernetes.io/name": "ingress-nginx"},
    "ports": {},
}
DNS = {"namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}, "ports": {"dns": 53}}
COLLECTOR = {
    "namespace": "observability",
    "labels": {"app.kubernetes.io/name": "opentelemetry-collector"},
    "ports": {"otlp-http": 4318},
}
PROMETHEUS = {"namespace": "monitoring", "labels": {"app.kubernetes.io/name": "prometheus"}, "ports": {}}
STRANGER = {"namespace": "default", "labels": {"app": "something"}, "ports": {}}


def pods(objects: list[dict[str, Any]], namespace: str) -> dict[str, dict[str, Any]]:
    """Each workload's pod: its namespace, labels and named container ports."""
    found = {}
    for workload, template in pod_specs(objects):
        ports = {p["name"]: p["containerPort"] for c in containers(template) for p in c.get("ports", [])}
        found[workload["metadata"]["name"]] = {
            "namespace": namespace,
            "labels": template["metadata"]["labels"],
            "ports": ports,
        }
    return found


def _peer_matches(peer: dict[str, Any], policy_namespace: str, pod: dict[str, Any]) -> bool:
    if "ipBlock" in peer:
        return False
    namespace_labels = {"kubernetes.io/metadata.name": pod["namespace"]}
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], namespace_labels):
            return False
    elif pod["namespace"] != policy_namespace:
        return False
    return "podSelector" not in peer or selects(peer["podSelector"], pod["labels"])


def _port_matches(rule: dict[str, Any], destination: dict[str, Any], port: int, protocol: str) -> bool:
    if not rule.get("ports"):
        return True
    for entry in rule["ports"]:
        wanted = entry.get("port")
        if isinstance(wanted, str):
            wanted = destination["ports"].get(wanted)
        if entry.get("protocol", "TCP") == protocol and (wanted is None or wanted == port):
            return True
    return False


def allowed(
    policies: list[dict[str, Any]],
    source: dict[str, Any],
    destination: dict[str, Any],
    port: int,
    protocol: str = "TCP",
) -> bool:
    """Whether the NetworkPolicies let `source` open `port` on `destination` (both directions)."""

    def side(pod: dict[str, Any], direction: str, peer: dict[str, Any]) -> bool:
        governing = [
            p
            for p in policies
            if p["metadata"]["namespace"] == pod["namespace"]
            and selects(p["spec"]["podSelector"], pod["labels"])
            and direction in p["spec"].get("policyTypes", ["Ingress"])
        ]
        if not governing:
            return True
        key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
        for policy in governing:
            for rule in policy["spec"].get(key, []):
                peers = rule.get(peers_key)
                if (
                    not peers or any(_peer_matches(x, policy["metadata"]["namespace"], peer) for x in peers)
                ) and (_port_matches(rule, destination, port, protocol)):
                    return True
        return False

    return side(source, "Egress", destination) and side(destination, "Ingress", source)


def test_the_network_is_closed_but_for_what_the_suite_needs(dev: list[dict[str, Any]]) -> None:
    policies = [o for o in dev if o["kind"] == "NetworkPolicy"]
    deny = find(dev, "NetworkPolicy", "default-deny-all")["spec"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    found = pods(dev, "office-dev")
    docs, meetings, nats0 = found["docs"], found["meetings"], found["nats"]
    migrate, streams, postgres = found["migrate-docs"], found["nats-streams"], found["postgres"]

    expected = [
        # the ingress controller reaches the services, nothing else from outside does
        (INGRESS_CONTROLLER, docs, 8101, True),
        (INGRESS_CONTROLLER, nats0, 4222, False),
        (STRANGER, docs, 8101, False),
        (PROMETHEUS, docs, 8101, True),
        (PROMETHEUS, nats0, 8222, True),
        # services: NATS, PostgreSQL, DNS, the collector; never each other
        (docs, nats0, 4222, True),
        (docs, nats0, 6222, False),
        (docs, postgres, 5432, True),
        (docs, DNS, 53, True),
        (docs, COLLECTOR, 4318, True),
        (docs, meetings, 8102, False),
        (docs, STRANGER, 443, False),
        # NATS: routes between its servers
        (nats0, nats0, 6222, True),
        (nats0, postgres, 5432, False),
        # the Jobs: migrations reach PostgreSQL only, the stream Job NATS only
        (migrate, postgres, 5432, True),
        (migrate, nats0, 4222, False),
        (streams, nats0, 4222, True),
        (streams, postgres, 5432, False),
        (postgres, STRANGER, 443, False),
    ]
    wrong = [
        (src["labels"], dst["labels"], port, want)
        for src, dst, port, want in expected
        if allowed(policies, src, dst, port) != want
    ]
    assert not wrong, wrong
    assert allowed(policies, docs, DNS, 53, "UDP")


def test_prod_reaches_its_external_database(prod: list[dict[str, Any]]) -> None:
    policy = find(prod, "NetworkPolicy", "to-external-postgresql")["spec"]
    assert policy["egress"][0]["ports"] == [{"protocol": "TCP", "port": 5432}]
    assert "ipBlock" in policy["egress"][0]["to"][0]
