"""docker-compose.yml keeps the backend closed: a later edit that opens it fails here."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import compose_rules as rules

REPO = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def test_networks_backend_internal_and_only_gateway_bridges(compose: dict[str, Any]) -> None:
    assert rules.network_violations(compose) == []


def test_only_nginx_publishes_80_and_443(compose: dict[str, Any]) -> None:
    assert rules.port_violations(compose) == []


def test_every_service_has_health_check_and_waits_for_healthy_dependencies(compose: dict[str, Any]) -> None:
    assert rules.health_violations(compose) == []


def test_ollama_gpu_reservation_pinned_image_and_named_volumes(compose: dict[str, Any]) -> None:
    assert rules.gpu_and_image_violations(compose) == []


def test_secrets_have_no_defaults() -> None:
    assert rules.secret_violations(COMPOSE_FILE.read_text()) == []


def test_built_images_run_as_non_root(compose: dict[str, Any]) -> None:
    assert rules.dockerfile_violations(REPO, compose) == []


def test_django_services_use_python_312_slim(compose: dict[str, Any]) -> None:
    for name in ("auth-service", "user-service", "api-gateway"):
        text = (REPO / compose["services"][name]["build"]["dockerfile"]).read_text()
        assert "ARG PYTHON_IMAGE=python:3.12-slim\nFROM ${PYTHON_IMAGE}\n" in text, name


def test_every_service_is_hardened(compose: dict[str, Any]) -> None:
    assert rules.hardening_violations(compose) == []


def test_each_service_receives_only_the_secrets_it_uses(compose: dict[str, Any]) -> None:
    assert rules.secret_holder_violations(compose) == []


def test_ai_service_takes_torch_from_pytorchs_cpu_index_by_default() -> None:
    text = (REPO / "ai-service/Dockerfile").read_text()
    assert "ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu\n" in text
    assert "ARG TORCH_FIND_LINKS=\n" in text and "ARG PYTHON_IMAGE=python:3.11-slim\n" in text


def test_dockerignore_keeps_tests_venvs_node_modules_and_var_out() -> None:
    ignored = set((REPO / ".dockerignore").read_text().split())
    assert {"**/tests", "**/.venv", "**/node_modules", "var", ".env", ".git"} <= ignored


# The rules themselves must catch the edits they exist for.
@pytest.mark.parametrize(
    ("edit", "check"),
    [
        (lambda c: c["networks"]["backend"].pop("internal"), rules.network_violations),
        (lambda c: c["services"]["postgres"]["networks"].append("proxy"), rules.network_violations),
        (lambda c: c["services"]["redis"].__setitem__("ports", ["6379:6379"]), rules.port_violations),
        (lambda c: c["services"]["nginx"].__setitem__("ports", ["8080:8080"]), rules.port_violations),
        (lambda c: c["services"]["auth-service"].pop("healthcheck"), rules.health_violations),
        (
            lambda c: c["services"]["api-gateway"]["depends_on"]["auth-service"].__setitem__(
                "condition", "service_started"
            ),
            rules.health_violations,
        ),
        (lambda c: c["services"]["ollama"].pop("deploy"), rules.gpu_and_image_violations),
        (
            lambda c: c["services"]["ollama"].__setitem__("image", "ollama/ollama:0.12.6"),
            rules.gpu_and_image_violations,
        ),
        (lambda c: c["services"]["ollama"]["networks"].append("model-egress"), rules.network_violations),
        (lambda c: c["services"]["ollama-pull"]["networks"].append("backend"), rules.network_violations),
        (lambda c: c["services"]["ollama-pull"].pop("labels"), rules.network_violations),
        (
            lambda c: c["services"]["ai-service"]["healthcheck"].__setitem__(
                "test", ["CMD", "python", "-c", "import x"]
            ),
            rules.health_violations,
        ),
        (lambda c: c["services"]["redis"].pop("read_only"), rules.hardening_violations),
        (lambda c: c["services"]["nginx"].__setitem__("cap_drop", ["NET_RAW"]), rules.hardening_violations),
        (lambda c: c["services"]["nginx"].__setitem__("cap_add", ["NET_ADMIN"]), rules.hardening_violations),
        (lambda c: c["services"]["user-service"].pop("security_opt"), rules.hardening_violations),
        (lambda c: c["services"]["postgres"].pop("user"), rules.hardening_violations),
        (lambda c: c["services"]["grafana"].__setitem__("user", "0"), rules.hardening_violations),
        (
            lambda c: c["services"]["user-service"]["environment"].__setitem__("JWT_SECRET", "${JWT_SECRET:?x}"),
            rules.secret_holder_violations,
        ),
        (
            lambda c: c["services"]["ai-worker"]["environment"].__setitem__("PROXY_SECRET", "${PROXY_SECRET:?x}"),
            rules.secret_holder_violations,
        ),
    ],
)
def test_rules_catch_an_opened_topology(compose: dict[str, Any], edit: Any, check: Any) -> None:
    broken = copy.deepcopy(compose)
    edit(broken)
    assert check(broken) != []


def test_a_worker_on_a_service_image_inherits_that_services_secrets(compose: dict[str, Any]) -> None:
    """A worker reuses a service image with another command, a few lines (as ai-worker does)."""
    added = copy.deepcopy(compose)
    added["services"]["ai-worker-gpu"] = {**compose["services"]["ai-worker"], "command": ["celery", "worker"]}
    assert rules.secret_holder_violations(added) == [] and rules.hardening_violations(added) == []


def test_dockerfile_rule_catches_a_hard_coded_base_and_a_named_user(tmp_path: Path) -> None:
    compose = {"services": {"x": {"build": {"context": ".", "dockerfile": "Dockerfile"}}}}
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\nUSER app\n")
    assert len(rules.dockerfile_violations(tmp_path, compose)) == 2
    (tmp_path / "Dockerfile").write_text(
        "ARG PYTHON_IMAGE=localhost/x/python:3.12\nFROM ${PYTHON_IMAGE}\nUSER 10001:10001\n"
    )
    assert len(rules.dockerfile_violations(tmp_path, compose)) == 1
    (tmp_path / "Dockerfile").write_text("ARG PYTHON_IMAGE=python:3.12-slim\nFROM ${PYTHON_IMAGE}\nUSER 10001:10001\n")
    assert rules.dockerfile_violations(tmp_path, compose) == []


def test_secret_rule_catches_a_default() -> None:
    text = COMPOSE_FILE.read_text().replace("${JWT_SECRET:?", "${JWT_SECRET:-insecure", 1)
    assert rules.secret_violations(text) != []


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="Debian's docker-compose is not installed")
def test_docker_compose_accepts_the_file(tmp_path: Path) -> None:
    env_file = tmp_path / "compose.env"
    env_file.write_text("".join(f"{name}=test-{name.lower()}\n" for name in rules.SECRETS))
    result = subprocess.run(
        ["docker-compose", "--env-file", str(env_file), "-f", str(COMPOSE_FILE), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
