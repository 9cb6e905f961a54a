"""deploy/k8s, rendered offline (`scripts/k8s.sh render`: kubectl kustomize) and held to the Compose file:
every object valid against the Kubernetes schemas (kubernetes-validate, strict), the NetworkPolicy graph
equal to the Compose topology, every container probed, limited and non-root, images and env names as in Compose.

Skips only when kubectl is missing (apt-get install kubernetes-client).
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from tests import compose_rules as rules

REPO = Path(__file__).resolve().parent.parent
OVERLAYS = ("laptop", "production")
NAMESPACE = "smartbreeds"
KUBERNETES_VERSION = "1.37.0"
SECRET_KEYS = {
    "JWT_SECRET",
    "GATEWAY_SIGNING_SECRET",
    "PROXY_SECRET",
    "DJANGO_SECRET_KEY",
    "POSTGRES_PASSWORD",
    "AUTH_DB_PASSWORD",
    "USER_DB_PASSWORD",
    "AI_DB_PASSWORD",
    "REDIS_PASSWORD",
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "AUTH_DATABASE_URL",
    "USER_DATABASE_URL",
    "AI_DATABASE_URL",
    "REDIS_URL",
}
# Background workers: a built service's image with another command, no port. Compose says only "same
# network" and start order (depends_on) for them, so what each one connects to is listed here, from its code:
# the auth workers (erasure) erase data in the user and AI services; the ai workers do what the ai-service
# does (ingestion, analyses with Ollama, recommendations with the user service's pets); beats only need Redis.
WORKERS = {
    "auth-worker": "auth-service",
    "auth-beat": "auth-service",
    "ai-worker": "ai-service",
    "ai-beat": "ai-service",
}
WORKER_EDGES = {
    ("auth-worker", "postgres"),
    ("auth-worker", "redis"),
    ("auth-worker", "user-service"),
    ("auth-worker", "ai-service"),
    ("auth-beat", "redis"),
    ("ai-worker", "postgres"),
    ("ai-worker", "redis"),
    ("ai-worker", "chroma"),
    ("ai-worker", "ollama"),
    ("ai-worker", "user-service"),
    ("ai-beat", "redis"),
}
SERVICE_ROLES = {
    "auth-service": "AUTH",
    "user-service": "USER",
    "ai-service": "AI",
    **{w: WORKERS[w].split("-")[0].upper() for w in WORKERS},
}
# What Kubernetes adds to Compose: Chroma as its own server (issue 20 item 1; embedded in the ai-service
# under Compose, so inside the same trust boundary there) and the names that wiring needs.
# In the cluster the model pull is the Ollama pod's init container (its volume is ReadWriteOnce), so that
# pod keeps HTTPS egress; under Compose only the one-shot ollama-pull has it (docs/containers.md).
K8S_ONLY_EDGES = {("ollama", "internet")}
COMPOSE_ONLY_ENV = {"PGHOST"}  # the postgres container's socket on its /tmp tmpfs (read-only root)
K8S_ONLY_ENV = {"HOME", "OLLAMA_MODELS", "PGDATA", "ANONYMIZED_TELEMETRY"}
MANAGED_STORES = {"postgres", "redis"}  # StatefulSets on a laptop, managed services in production
# Stand-in addresses for peers outside the cluster.
INTERNET_IP = ipaddress.ip_address("93.184.216.34")
INGRESS_NAMESPACE = "ingress-nginx"
STORE_PORTS = {5432: "postgres", 6379: "redis"}


# --- rendering -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is missing (apt-get install kubernetes-client): the manifests cannot be rendered")
    out = tmp_path_factory.mktemp("k8s")
    env_file = out / "test.env"
    subprocess.run([REPO / "scripts" / "env.sh", env_file], check=True, capture_output=True)
    result = subprocess.run(
        [REPO / "scripts" / "k8s.sh", "render"],
        env={**os.environ, "K8S_OUT_DIR": str(out), "K8S_ENV_FILE": str(env_file)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def objects(rendered_dir: Path) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [doc for doc in yaml.safe_load_all((rendered_dir / f"{name}.yaml").read_text()) if doc]
        for name in OVERLAYS
    }


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def of_kind(docs: list[dict[str, Any]], *kinds: str) -> list[dict[str, Any]]:
    return [doc for doc in docs if doc["kind"] in kinds]


def workloads(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return of_kind(docs, "Deployment", "StatefulSet", "Job")


def app_name(labels: dict[str, str]) -> str:
    return labels["app.kubernetes.io/name"]


def all_containers(workload: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(kind, pod spec, container) for init and main containers."""
    spec = workload["spec"]["template"]["spec"]
    for container in spec.get("initContainers", []):
        yield "init", spec, container
    for container in spec["containers"]:
        yield "main", spec, container


def long_running(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: service
        for name, service in compose["services"].items()
        # optional profiles (maildev, grafana) are developer conveniences, not part of the cluster
        if not rules._is_one_shot(service) and not rules.is_monitoring(service) and not service.get("profiles")
    }


# --- schemas and the make target ---------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_is_valid_against_the_kubernetes_schemas(
    objects: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    import kubernetes_validate

    errors = []
    for doc in objects[overlay]:
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            errors.append(f"{doc['kind']}/{doc['metadata']['name']}: {exc.message}")
    assert errors == []
    assert {doc["metadata"].get("namespace", NAMESPACE) for doc in objects[overlay] if doc["kind"] != "Namespace"} == {
        NAMESPACE
    }


def test_make_k8s_renders_and_validates_with_the_cli(rendered_dir: Path) -> None:
    out = rendered_dir / "cli"
    result = subprocess.run(
        [REPO / "scripts" / "k8s.sh"],
        env={**os.environ, "K8S_OUT_DIR": str(out), "K8S_ENV_FILE": str(rendered_dir / "test.env")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.glob("*.yaml")) == [f"{name}.yaml" for name in OVERLAYS]
    assert result.stderr.count("valid: ") == len(OVERLAYS)


def test_the_secret_is_generated_from_the_env_file(
    objects: dict[str, list[dict[str, Any]]], rendered_dir: Path
) -> None:
    env = dict(
        line.split("=", 1)
        for line in (rendered_dir / "test.env").read_text().splitlines()
        if re.match(r"^[A-Z_]+=", line)
    )
    for overlay in OVERLAYS:
        (secret,) = [
            doc
            for doc in of_kind(objects[overlay], "Secret")
            if doc["metadata"]["name"].startswith("smartbreeds-secrets-")
        ]
        data = {key: base64.b64decode(value).decode() for key, value in secret["data"].items()}
        assert set(data) == SECRET_KEYS
        assert data["JWT_SECRET"] == env["JWT_SECRET"] and data["POSTGRES_PASSWORD"] == env["POSTGRES_PASSWORD"]
        for service in ("auth", "user", "ai"):  # each service's own role, as docker-compose.yml builds the URL
            password = env[f"{service.upper()}_DB_PASSWORD"]
            expected = f"postgresql://smartbreeds_{service}:{password}@postgres:5432/smartbreeds"
            assert data[f"{service.upper()}_DATABASE_URL"] == expected
        assert data["REDIS_URL"] == f"redis://:{env['REDIS_PASSWORD']}@redis:6379/0"
        assert data["PROXY_SECRET"] == env["PROXY_SECRET"]
    ignored = subprocess.run(["git", "check-ignore", "-q", "deploy/k8s/base/generated/secrets.env"], cwd=REPO)
    assert ignored.returncode == 0, "the generated Secret input must never be committed"


# --- containers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_is_non_root_limited_and_read_only(
    objects: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    problems = []
    for workload in workloads(objects[overlay]):
        for _kind, pod, container in all_containers(workload):
            where = f"{workload['kind']}/{workload['metadata']['name']}/{container['name']}"
            context = {**pod.get("securityContext", {}), **container.get("securityContext", {})}
            if (
                context.get("runAsNonRoot") is not True
                or not isinstance(context.get("runAsUser"), int)
                or context["runAsUser"] <= 0
            ):
                problems.append(f"{where}: needs runAsNonRoot and a numeric non-zero runAsUser")
            if (
                context.get("allowPrivilegeEscalation") is not False
                or context.get("readOnlyRootFilesystem") is not True
            ):
                problems.append(f"{where}: needs allowPrivilegeEscalation false and a read-only root filesystem")
            if "ALL" not in context.get("capabilities", {}).get("drop", []):
                problems.append(f"{where}: must drop every capability")
            resources = container.get("resources", {})
            if not {"cpu", "memory"} <= set(resources.get("requests", {})) or not {"cpu", "memory"} <= set(
                resources.get("limits", {})
            ):
                problems.append(f"{where}: needs cpu and memory requests and limits")
    assert problems == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_long_running_container_has_readiness_and_liveness_probes(
    objects: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    problems = []
    for workload in of_kind(objects[overlay], "Deployment", "StatefulSet"):
        for kind, _pod, container in all_containers(workload):
            if kind != "main":
                continue
            name = f"{workload['metadata']['name']}/{container['name']}"
            if "readinessProbe" not in container or "livenessProbe" not in container:
                problems.append(f"{name}: needs readiness and liveness probes")
            if workload["metadata"]["name"] in WORKERS:  # Celery: a ping, Redis, or the worker's /metrics
                for probe in ("readinessProbe", "livenessProbe"):
                    check = container.get(probe, {})
                    if "exec" not in check and check.get("httpGet", {}).get("path") != "/metrics":
                        problems.append(f"{name}: a worker's {probe} must exec a check or read its /metrics")
                continue
            if workload["kind"] == "Deployment" and workload["metadata"]["name"] != "nginx":
                paths = {
                    container[probe]["httpGet"]["path"]
                    for probe in ("readinessProbe", "livenessProbe")
                    if probe in container
                }
                if paths != {"/health"}:
                    problems.append(f"{name}: probes must call /health, got {paths}")
    assert problems == []


def compose_env_names(service: dict[str, Any]) -> set[str]:
    environment = service.get("environment") or {}
    return set(environment if isinstance(environment, dict) else (item.split("=", 1)[0] for item in environment))


def k8s_env_names(docs: list[dict[str, Any]], container: dict[str, Any]) -> set[str]:
    config_maps = {doc["metadata"]["name"]: doc for doc in of_kind(docs, "ConfigMap")}
    names = {item["name"] for item in container.get("env", [])}
    for source in container.get("envFrom", []):
        names |= set(config_maps[source["configMapRef"]["name"]].get("data", {}))
    return names


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_images_and_env_names_match_the_compose_file(
    objects: dict[str, list[dict[str, Any]]], compose: dict[str, Any], overlay: str
) -> None:
    docs = objects[overlay]
    main = {w["metadata"]["name"]: w for w in of_kind(docs, "Deployment", "StatefulSet")}
    expected_workloads = set(long_running(compose)) | {"chroma"}
    if overlay == "production":
        expected_workloads -= MANAGED_STORES
    assert set(main) == expected_workloads
    for name, workload in main.items():
        container = workload["spec"]["template"]["spec"]["containers"][0]
        if name == "chroma":
            assert (
                container["image"] == compose["services"]["ai-service"]["image"]
            )  # `chroma run` from the ai-service image
            continue
        service = compose["services"][name]
        assert container["image"] == service["image"], name
        assert k8s_env_names(docs, container) - K8S_ONLY_ENV == compose_env_names(service) - COMPOSE_ONLY_ENV, name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migrations_run_as_jobs_and_services_wait_for_them(
    objects: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    jobs = {job["metadata"]["name"] for job in of_kind(objects[overlay], "Job")}
    assert jobs == {"auth-service-migrate", "user-service-migrate", "ai-service-migrate"}
    for deployment in of_kind(objects[overlay], "Deployment"):
        name = deployment["metadata"]["name"]
        init = [c["name"] for c in deployment["spec"]["template"]["spec"].get("initContainers", [])]
        assert init == (["wait-for-migrations"] if f"{name}-migrate" in jobs else []), name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_autoscalers_and_disruption_budgets(objects: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    docs = objects[overlay]
    hpas = {doc["spec"]["scaleTargetRef"]["name"] for doc in of_kind(docs, "HorizontalPodAutoscaler")}
    # ai-worker: on its queue length (an external metric), the services on CPU.
    assert hpas == {"api-gateway", "auth-service", "user-service", "ai-service", "ai-worker"}
    deployments = {doc["metadata"]["name"] for doc in of_kind(docs, "Deployment")}
    budgets = {
        doc["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] for doc in of_kind(docs, "PodDisruptionBudget")
    }
    assert budgets == deployments - set(WORKERS)  # a single worker may move during a drain


def test_ollama_gets_a_gpu_and_pulls_its_model_in_production(objects: dict[str, list[dict[str, Any]]]) -> None:
    (ollama,) = [doc for doc in of_kind(objects["production"], "StatefulSet") if doc["metadata"]["name"] == "ollama"]
    pod = ollama["spec"]["template"]["spec"]
    assert pod["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert pod["nodeSelector"] and any(t["key"] == "nvidia.com/gpu" for t in pod["tolerations"])
    assert [c["name"] for c in pod["initContainers"]] == ["pull-model"] and "ollama pull" in pod["initContainers"][0][
        "command"
    ][-1]
    assert ollama["spec"]["volumeClaimTemplates"][0]["metadata"]["name"] == "ollama-models"
    (laptop,) = [doc for doc in of_kind(objects["laptop"], "StatefulSet") if doc["metadata"]["name"] == "ollama"]
    assert "nvidia.com/gpu" not in laptop["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]


# --- the policy graph ----------------------------------------------------------------------------------


def _matches_selector(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    if any(labels.get(key) != value for key, value in (selector.get("matchLabels") or {}).items()):
        return False
    for expression in selector.get("matchExpressions") or []:
        assert expression["operator"] == "In", expression  # the only operator the manifests use
        if labels.get(expression["key"]) not in expression["values"]:
            return False
    return True


def _peer_matches(peer: dict[str, Any], other: dict[str, Any]) -> bool:
    """`other` is {"labels", "namespace"} for a pod or {"ip"} for an address outside the cluster."""
    if "ipBlock" in peer:
        if "ip" not in other:
            return False
        block = peer["ipBlock"]
        return other["ip"] in ipaddress.ip_network(block["cidr"]) and not any(
            other["ip"] in ipaddress.ip_network(cidr) for cidr in block.get("except", [])
        )
    if "ip" in other:
        return False
    if "namespaceSelector" in peer:
        namespace_labels = {"kubernetes.io/metadata.name": other["namespace"]}
        if not _matches_selector(peer["namespaceSelector"], namespace_labels):
            return False
    elif other["namespace"] != NAMESPACE:
        return False
    return _matches_selector(peer.get("podSelector") or {}, other.get("labels", {}))


def _allows(
    policies: list[dict[str, Any]], direction: str, pod_labels: dict[str, str], other: dict[str, Any], port: int
) -> bool:
    selecting = [
        p
        for p in policies
        if direction in p["spec"]["policyTypes"] and _matches_selector(p["spec"]["podSelector"], pod_labels)
    ]
    if not selecting:
        return True  # not isolated in this direction
    key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
    for policy in selecting:
        for rule in policy["spec"].get(key) or []:
            ports = rule.get("ports")
            if ports and not any(p.get("port") == port and p.get("protocol", "TCP") == "TCP" for p in ports):
                continue
            if any(_peer_matches(peer, other) for peer in rule.get(peers_key) or [{}]):
                return True
    return False


def policy_graph(docs: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """Which workload may open a TCP connection to which (both ends' policies must allow it)."""
    policies = of_kind(docs, "NetworkPolicy")
    pods = []
    for workload in workloads(docs):
        template = workload["spec"]["template"]
        ports = {port["containerPort"] for c in template["spec"]["containers"] for port in c.get("ports", [])}
        pods.append((app_name(template["metadata"]["labels"]), template["metadata"]["labels"], ports))
    edges = set()
    for source, source_labels, _ in pods:
        for target, target_labels, ports in pods:
            if source == target:
                continue
            if any(
                _allows(policies, "Egress", source_labels, {"labels": target_labels, "namespace": NAMESPACE}, port)
                and _allows(policies, "Ingress", target_labels, {"labels": source_labels, "namespace": NAMESPACE}, port)
                for port in ports
            ):
                edges.add((source, target))
        if _allows(policies, "Egress", source_labels, {"ip": INTERNET_IP}, 443):
            edges.add((source, "internet"))
        for port, store in STORE_PORTS.items():  # the managed stores' subnet (production)
            managed = next(
                (ipaddress.ip_address(b["ipBlock"]["cidr"].split("/")[0]) + 10 for b in _ip_blocks(policies, port)),
                None,
            )
            if managed is not None and _allows(policies, "Egress", source_labels, {"ip": managed}, port):
                edges.add((source, store))
    controller = {"labels": {}, "namespace": INGRESS_NAMESPACE}
    for target, target_labels, ports in pods:
        if any(_allows(policies, "Ingress", target_labels, controller, port) for port in ports):
            edges.add(("ingress", target))
    return edges


def _ip_blocks(policies: list[dict[str, Any]], port: int) -> list[dict[str, Any]]:
    return [
        peer
        for policy in policies
        for rule in policy["spec"].get("egress") or []
        if any(p.get("port") == port for p in rule.get("ports") or [])
        for peer in rule.get("to") or []
        if "ipBlock" in peer and ipaddress.ip_network(peer["ipBlock"]["cidr"]).is_private
    ]


def _reads_setting(service_dir: Path, env_name: str) -> bool:
    pattern = re.compile(rf"\b({env_name}|{env_name.lower()})\b")
    for path in service_dir.rglob("*.py"):
        parts = set(path.relative_to(service_dir).parts)
        if parts & {".venv", "tests", "migrations", "node_modules"}:
            continue
        if pattern.search(path.read_text(errors="ignore")):
            return True
    return False


def compose_graph(compose: dict[str, Any]) -> set[tuple[str, str]]:
    """Who talks to whom under Compose: depends_on, plus every service URL a service's code reads
    (ai-service -> user-service comes from USER_SERVICE_URL, not from depends_on); the public entry;
    and internet egress for the members of the model-egress network."""
    services = long_running(compose)
    edges = set(WORKER_EDGES)
    for name, service in services.items():
        if name in WORKERS:
            assert service["image"] == services[WORKERS[name]]["image"] and not service.get("build"), name
            continue
        edges |= {(name, target) for target in (service.get("depends_on") or {}) if target in services}
        if service.get("ports"):
            edges.add(("ingress", name))  # published on the host: the way in from outside
        if rules.EGRESS_NETWORK in rules._networks(service):
            edges.add((name, "internet"))
        if not service.get("build"):
            continue
        for key, value in (service.get("environment") or {}).items():
            host = urlparse(str(value)).hostname if "://" in str(value) else None
            if host in services and host != name and _reads_setting(REPO / name, key):
                edges.add((name, host))
    for source, target in edges:
        if source in services and target in services:  # sanity: Compose lets these two meet at all
            assert rules._networks(services[source]) & rules._networks(services[target]), (source, target)
    return edges | K8S_ONLY_EDGES


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policy_graph_equals_the_compose_topology(
    objects: dict[str, list[dict[str, Any]]], compose: dict[str, Any], overlay: str
) -> None:
    assert policy_graph(objects[overlay]) == compose_graph(compose)


def test_the_graph_check_catches_an_extra_edge(
    objects: dict[str, list[dict[str, Any]]], compose: dict[str, Any]
) -> None:
    """A policy that lets nginx reach PostgreSQL directly must show up as a difference."""
    docs = [doc for doc in objects["laptop"]]
    docs.append(
        {
            "kind": "NetworkPolicy",
            "metadata": {"name": "leak"},
            "spec": {
                "podSelector": {"matchLabels": {"app.kubernetes.io/name": "postgres"}},
                "policyTypes": ["Ingress"],
                "ingress": [{"from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "nginx"}}}]}],
            },
        }
    )
    docs.append(
        {
            "kind": "NetworkPolicy",
            "metadata": {"name": "leak-egress"},
            "spec": {
                "podSelector": {"matchLabels": {"app.kubernetes.io/name": "nginx"}},
                "policyTypes": ["Egress"],
                "egress": [{"to": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "postgres"}}}]}],
            },
        }
    )
    assert policy_graph(docs) - compose_graph(compose) == {("nginx", "postgres")}


# --- least privilege (as docker-compose.yml) -----------------------------------------------------------


def _secret_ref(container: dict[str, Any], name: str) -> str | None:
    for item in container.get("env", []):
        if item["name"] == name:
            return str(item.get("valueFrom", {}).get("secretKeyRef", {}).get("key")) if "valueFrom" in item else "value"
    return None


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_connects_as_its_own_database_role_and_redis_with_its_password(
    objects: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    """DATABASE_URL is the workload's own role (never the administrator's), REDIS_URL the Secret's (with the
    password): the same least privilege as docker-compose.yml; the gateway gets no database at all."""
    problems = []
    for workload in workloads(objects[overlay]):
        owner = app_name(workload["spec"]["template"]["metadata"]["labels"])
        for _kind, _pod, container in all_containers(workload):
            where = f"{workload['metadata']['name']}/{container['name']}"
            database = _secret_ref(container, "DATABASE_URL")
            expected = f"{SERVICE_ROLES[owner]}_DATABASE_URL" if owner in SERVICE_ROLES else None
            if database != expected:
                problems.append(f"{where}: DATABASE_URL from {database}, expected {expected}")
            redis_url = _secret_ref(container, "REDIS_URL")
            if owner in {"api-gateway", "auth-service", "ai-service", *WORKERS} and redis_url != "REDIS_URL":
                problems.append(f"{where}: REDIS_URL must come from the Secret, got {redis_url}")
    assert problems == []
    config = {doc["metadata"]["name"]: doc.get("data", {}) for doc in of_kind(objects[overlay], "ConfigMap")}
    assert not any("REDIS_URL" in data or "DATABASE_URL" in data for data in config.values())


def test_the_laptop_stores_require_the_passwords(objects: dict[str, list[dict[str, Any]]]) -> None:
    stores = {doc["metadata"]["name"]: doc for doc in of_kind(objects["laptop"], "StatefulSet")}
    redis = stores["redis"]["spec"]["template"]["spec"]["containers"][0]
    assert "requirepass" in redis["command"][-1] and _secret_ref(redis, "REDIS_PASSWORD") == "REDIS_PASSWORD"
    assert all("REDISCLI_AUTH" in redis[probe]["exec"]["command"][-1] for probe in ("readinessProbe", "livenessProbe"))
    postgres = stores["postgres"]["spec"]["template"]["spec"]
    container = postgres["containers"][0]
    assert {_secret_ref(container, f"{s}_DB_PASSWORD") for s in ("AUTH", "USER", "AI")} == {
        "AUTH_DB_PASSWORD",
        "USER_DB_PASSWORD",
        "AI_DB_PASSWORD",
    }
    mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
    assert {"/docker-entrypoint-initdb.d/10-service-roles.sh", "/opt/smartbreeds/service-role.sql"} <= mounts
    (roles,) = [
        doc
        for doc in of_kind(objects["laptop"], "ConfigMap")
        if doc["metadata"]["name"].startswith("postgres-service-roles")
    ]
    assert roles["data"]["service-role.sql"] == (REPO / "scripts/postgres/service-role.sql").read_text()
