"""The topology rules docker-compose.yml must keep; each returns human-readable violations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

PUBLIC_SERVICE = "nginx"
BRIDGE_SERVICE = "api-gateway"
EGRESS_NETWORK, EGRESS_SERVICE = "model-egress", "ollama"
PUBLISHED_HOST_PORTS = {"80", "443"}
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
    if {"proxy", "backend"} - _networks(compose["services"].get(BRIDGE_SERVICE, {})):
        errors.append(f"{BRIDGE_SERVICE} must join proxy and backend")
    return errors


def port_violations(compose: dict[str, Any]) -> list[str]:
    errors = []
    for name, service in compose["services"].items():
        ports = service.get("ports") or []
        if name != PUBLIC_SERVICE and ports:
            errors.append(f"{name} publishes host ports {ports}")
        if name == PUBLIC_SERVICE:
            host_ports = {str(p).rsplit(":", 1)[0].rsplit(":", 1)[-1] for p in ports}
            if host_ports != PUBLISHED_HOST_PORTS:
                errors.append(f"{name} must publish exactly {sorted(PUBLISHED_HOST_PORTS)}, got {ports}")
    return errors


def health_violations(compose: dict[str, Any]) -> list[str]:
    errors = []
    services = compose["services"]
    for name, service in services.items():
        if not _is_one_shot(service) and not (service.get("healthcheck") or {}).get("test"):
            errors.append(f"{name} has no health check")
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


def dockerfile_violations(repo: Path, compose: dict[str, Any]) -> list[str]:
    """Every image we build ends as a non-root user."""
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
        final_stage = re.split(r"(?im)^FROM\s", dockerfile.read_text())[-1]
        users = re.findall(r"(?im)^USER\s+(\S+)", final_stage)
        if not users or users[-1].split(":")[0] in ("root", "0"):
            errors.append(f"{name}: the final stage of {dockerfile.relative_to(repo)} must switch to a non-root USER")
    return errors
