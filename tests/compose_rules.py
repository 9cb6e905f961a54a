"""The topology rules docker-compose.yml must keep; each returns human-readable violations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

PUBLIC_SERVICE = "nginx"
BRIDGE_SERVICE = "api-gateway"
EGRESS_NETWORK, EGRESS_SERVICE, MODEL_SERVER = "model-egress", "ollama-pull", "ollama"
PUBLISHED_HOST_PORTS = {"80", "443"}
# The secrets each service (and any other service running its image: workers) may receive.
SECRET_USERS = {
    "JWT_SECRET": {"api-gateway", "auth-service"},
    "GATEWAY_SIGNING_SECRET": {"api-gateway", "auth-service", "user-service", "ai-service"},
    "DJANGO_SECRET_KEY": {"auth-service", "user-service"},
    "PROXY_SECRET": {"nginx", "api-gateway"},
    "REDIS_PASSWORD": {"redis", "api-gateway", "auth-service", "ai-service"},
    "POSTGRES_PASSWORD": {"postgres"},
    "AUTH_DB_PASSWORD": {"postgres", "auth-service"},
    "USER_DB_PASSWORD": {"postgres", "user-service"},
    "AI_DB_PASSWORD": {"postgres", "ai-service"},
    "GRAFANA_ADMIN_PASSWORD": {"grafana"},
}
# Official images whose default user is root: the Compose file runs them as their own non-root user.
RUN_AS_IMAGE_USER = {"postgres": "70:70", "redis": "999:1000"}
REQUIRED_VOLUMES = {"postgres-data", "redis-data", "ollama-models", "chroma-data", "rag-documents", "uploaded-images"}
MIN_OLLAMA = (0, 12, 7)
SECRETS = (
    "JWT_SECRET", "GATEWAY_SIGNING_SECRET", "DJANGO_SECRET_KEY", "POSTGRES_PASSWORD",
    "AUTH_DB_PASSWORD", "USER_DB_PASSWORD", "AI_DB_PASSWORD", "REDIS_PASSWORD", "PROXY_SECRET",
    "GRAFANA_ADMIN_PASSWORD",
)  # fmt: skip


def _networks(service: dict[str, Any]) -> set[str]:
    networks = service.get("networks") or []
    return set(networks if isinstance(networks, list) else networks.keys())


def _is_one_shot(service: dict[str, Any]) -> bool:
    return (service.get("labels") or {}).get("com.smartbreeds.one-shot") == "true"


def is_monitoring(service: dict[str, Any]) -> bool:
    """Prometheus and Grafana: Compose-only (a cluster brings its own monitoring stack)."""
    return (service.get("labels") or {}).get("com.smartbreeds.monitoring") == "true"


def network_violations(compose: dict[str, Any]) -> list[str]:
    errors = []
    networks = compose.get("networks") or {}
    if not (networks.get("backend") or {}).get("internal"):
        errors.append("network backend must be internal: true")
    if (networks.get("proxy") or {}).get("internal"):
        errors.append("network proxy must not be internal (nginx publishes from it)")
    for name, service in compose["services"].items():
        joined = _networks(service)
        if not joined:
            errors.append(f"{name} joins no explicit network (would land on the default one)")
        if service.get("network_mode"):
            errors.append(f"{name} sets network_mode")
        if "proxy" in joined and name not in (PUBLIC_SERVICE, BRIDGE_SERVICE):
            errors.append(f"{name} must not join proxy")
        if {"proxy", "backend"} <= joined and name != BRIDGE_SERVICE:
            errors.append(f"{name} joins both proxy and backend; only {BRIDGE_SERVICE} may")
        if EGRESS_NETWORK in joined and name != EGRESS_SERVICE:
            errors.append(f"{name} must not join {EGRESS_NETWORK}")
        if EGRESS_NETWORK in joined and joined != {EGRESS_NETWORK}:
            errors.append(f"{name} has egress, so it must join no other network")
    if {"proxy", "backend"} - _networks(compose["services"].get(BRIDGE_SERVICE, {})):
        errors.append(f"{BRIDGE_SERVICE} must join proxy and backend")
    if _networks(compose["services"].get(MODEL_SERVER, {})) != {"backend"}:
        errors.append(f"{MODEL_SERVER} must serve on backend only")
    egress = compose["services"].get(EGRESS_SERVICE)
    if egress is not None and not _is_one_shot(egress):
        errors.append(f"{EGRESS_SERVICE} (egress) must be a one-shot service")
    return errors


def _with_defaults(text: str) -> str:
    """`${NAME:-default}` -> default: what Compose uses when the variable is unset."""
    return re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}", r"\1", text)


def port_violations(compose: dict[str, Any]) -> list[str]:
    errors = []
    for name, service in compose["services"].items():
        ports = [  # short syntax ("80:8080") or the long one `docker-compose config` prints
            str(p["published"]) if isinstance(p, dict) else _with_defaults(str(p)) for p in service.get("ports") or []
        ]
        if name != PUBLIC_SERVICE and ports:
            errors.append(f"{name} publishes host ports {ports}")
        if name == PUBLIC_SERVICE:
            host_ports = {p.rsplit(":", 1)[0].rsplit(":", 1)[-1] for p in ports}
            if host_ports != PUBLISHED_HOST_PORTS:
                errors.append(f"{name} must publish exactly {sorted(PUBLISHED_HOST_PORTS)}, got {ports}")
    return errors


def health_violations(compose: dict[str, Any]) -> list[str]:
    errors = []
    services = compose["services"]
    for name, service in services.items():
        test = (service.get("healthcheck") or {}).get("test")
        if not _is_one_shot(service) and not test:
            errors.append(f"{name} has no health check")
        # podman (4.3) re-splits exec-form health checks on blanks ("python -c 'import x'" -> "import"):
        # an argument with a blank must use the CMD-SHELL form.
        if isinstance(test, list) and test[:1] == ["CMD"] and any(" " in str(arg) for arg in test[1:]):
            errors.append(f"{name}: health check arguments with blanks need CMD-SHELL (podman splits CMD ones)")
        depends = service.get("depends_on") or {}
        if isinstance(depends, list):
            errors.append(f"{name}: depends_on must use condition: service_healthy")
            continue
        for target, spec in depends.items():
            if (spec or {}).get("condition") != "service_healthy":
                errors.append(f"{name} -> {target}: condition must be service_healthy")
    return errors


def gpu_and_image_violations(compose: dict[str, Any]) -> list[str]:
    errors = []
    ollama = compose["services"].get("ollama", {})
    devices = (((ollama.get("deploy") or {}).get("resources") or {}).get("reservations") or {}).get("devices") or []
    if not any(d.get("driver") == "nvidia" for d in devices):
        errors.append("ollama must reserve an nvidia GPU (deploy.resources.reservations.devices)")
    for name, service in compose["services"].items():
        image = service.get("image", "")
        if image.startswith("ollama/ollama"):
            match = re.fullmatch(r"ollama/ollama:(\d+)\.(\d+)\.(\d+)", image)
            if not match or tuple(map(int, match.groups())) < MIN_OLLAMA:
                errors.append(f"{name}: pin ollama/ollama to a version >= 0.12.7, got {image!r}")
    missing = REQUIRED_VOLUMES - set(compose.get("volumes") or {})
    if missing:
        errors.append(f"missing named volumes {sorted(missing)}")
    return errors


def secret_violations(compose_text: str) -> list[str]:
    """Secrets come from .env with no default: `${NAME:?...}` wherever they are used."""
    errors = []
    for secret in SECRETS:
        uses = re.findall(r"\$\{" + secret + r"([^}]*)\}", compose_text)
        if not uses:
            errors.append(f"{secret} is never passed to the containers")
        for use in uses:
            if not use.startswith(":?"):
                errors.append(f"{secret} must be required (${{{secret}:?...}}), got ${{{secret}{use}}}")
    return errors


def hardening_violations(compose: dict[str, Any]) -> list[str]:
    """Read-only root file system, no capabilities, no privilege escalation, a non-root user."""
    errors = []
    for name, service in compose["services"].items():
        if service.get("read_only") is not True:
            errors.append(f"{name} must set read_only: true (tmpfs for what it writes)")
        if "ALL" not in (service.get("cap_drop") or []) or service.get("cap_add"):
            errors.append(f"{name} must drop every capability (cap_drop: [ALL], no cap_add)")
        if "no-new-privileges:true" not in (service.get("security_opt") or []):
            errors.append(f"{name} must set security_opt: [no-new-privileges:true]")
        if service.get("privileged"):
            errors.append(f"{name} must not be privileged")
        if name in RUN_AS_IMAGE_USER and str(service.get("user")) != RUN_AS_IMAGE_USER[name]:
            errors.append(f"{name} must run as {RUN_AS_IMAGE_USER[name]} (its image's own non-root user)")
        if str(service.get("user", "")).split(":")[0] in ("0", "root"):
            errors.append(f"{name} must not run as root")
    return errors


def _environment(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return {str(key): str(value) for key, value in environment.items()}


def secret_holder_violations(compose: dict[str, Any]) -> list[str]:
    """Each service receives only the secrets it uses (a worker: those of the service whose image it runs)."""
    services = compose["services"]
    builder_of = {service.get("image"): name for name, service in services.items() if service.get("build")}
    errors = []
    for name, service in services.items():
        owner = builder_of.get(service.get("image"), name)
        values = " ".join(_environment(service).values()) + " " + str(service.get("command") or "")
        for secret, users in SECRET_USERS.items():
            if "${" + secret in values and name not in users and owner not in users:
                errors.append(f"{name} receives {secret}, which it does not use")
    return errors


def dockerfile_violations(repo: Path, compose: dict[str, Any]) -> list[str]:
    """Every image we build ends as a numeric non-root user, from base images that are build arguments
    defaulting to official images (a stand-in is passed in, never written into the Dockerfile)."""
    errors = []
    for name, service in compose["services"].items():
        build = service.get("build")
        if not build:
            continue
        dockerfile = repo / (build.get("context", ".") if isinstance(build, dict) else build)
        dockerfile = dockerfile / (build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile")
        if not dockerfile.exists():
            errors.append(f"{name}: {dockerfile.relative_to(repo)} is missing")
            continue
        text = dockerfile.read_text()
        final_stage = re.split(r"(?im)^FROM\s", text)[-1]
        users = re.findall(r"(?im)^USER\s+(\S+)", final_stage)
        if not users or not re.fullmatch(r"[1-9][0-9]*(:[0-9]+)?", users[-1]):
            errors.append(
                f"{name}: the final stage of {dockerfile.relative_to(repo)} must switch to a numeric non-root USER"
            )
        defaults = dict(re.findall(r"(?im)^ARG\s+([A-Z0-9_]+)=(\S+)", text))
        for base in re.findall(r"(?im)^FROM\s+(\S+)", text):
            arg = re.fullmatch(r"\$\{?([A-Z0-9_]+)\}?", base)
            if not arg or arg.group(1) not in defaults:
                errors.append(f"{name}: FROM {base} must be a build argument with an official default")
            elif defaults[arg.group(1)].startswith("localhost/"):
                errors.append(f"{name}: {arg.group(1)} defaults to a local stand-in ({defaults[arg.group(1)]})")
    return errors
