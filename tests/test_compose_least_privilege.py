"""docker-compose.yml gives each service only its own data-store credentials."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
ROLES = {"auth-service": "smartbreeds_auth", "user-service": "smartbreeds_user", "ai-service": "smartbreeds_ai"}


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    return dict(yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"])


def environment(service: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in (service.get("environment") or {}).items()}


@pytest.mark.parametrize(("name", "role"), sorted(ROLES.items()))
def test_each_database_service_connects_as_its_own_role(services: dict[str, Any], name: str, role: str) -> None:
    url = environment(services[name])["DATABASE_URL"]
    assert url.startswith(f"postgresql://{role}:${{"), url
    assert "POSTGRES_PASSWORD" not in url


def test_only_the_postgres_container_knows_the_superuser_password(services: dict[str, Any]) -> None:
    holders = [name for name, service in services.items() if "POSTGRES_PASSWORD" in yaml.safe_dump(service)]
    assert holders == ["postgres"]


def test_services_without_a_schema_get_no_database_url(services: dict[str, Any]) -> None:
    assert "DATABASE_URL" not in environment(services["api-gateway"])


def test_the_postgres_container_creates_the_roles_on_first_start(services: dict[str, Any]) -> None:
    mounts = services["postgres"]["volumes"]
    assert "./scripts/postgres/init-service-roles.sh:/docker-entrypoint-initdb.d/10-service-roles.sh:ro" in mounts
    assert "./scripts/postgres/service-role.sql:/opt/smartbreeds/service-role.sql:ro" in mounts


def test_redis_requires_a_password_and_every_client_sends_it(services: dict[str, Any]) -> None:
    redis = services["redis"]
    assert "requirepass" in " ".join(redis["command"]) and "REDIS_PASSWORD" in environment(redis)
    assert "REDISCLI_AUTH" in " ".join(redis["healthcheck"]["test"])
    for name in ("api-gateway", "auth-service", "ai-service"):
        assert environment(services[name])["REDIS_URL"].startswith("redis://:${REDIS_PASSWORD:?"), name
    assert "REDIS_URL" not in environment(services["user-service"])  # it never uses Redis


def test_the_token_signing_secret_reaches_only_the_signer_and_the_verifier(services: dict[str, Any]) -> None:
    holders = sorted(name for name, service in services.items() if "JWT_SECRET" in environment(service))
    assert holders == ["api-gateway", "auth-beat", "auth-service", "auth-worker"]  # the workers run the auth image
