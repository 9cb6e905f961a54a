"""Least privilege in PostgreSQL: each service's role reaches its own schema and nothing else.

Runs against the stack's database, migrated by scripts/db.sh as each service's role (the services
of the stack connect with those roles too, so every other stack test also proves they suffice).
"""

from __future__ import annotations

import subprocess

import pytest

from tests.stack import DATABASE_SERVICES, LocalStack

pytestmark = pytest.mark.stack

SCHEMAS = {"auth": "auth_schema", "user": "user_schema", "ai": "ai_schema"}


def psql(url: str, sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["psql", url, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip


def url_of(stack: LocalStack, service: str) -> str:
    return stack.env[f"{service.upper()}_DATABASE_URL"]


def test_the_auth_role_cannot_read_the_user_schema(stack: LocalStack) -> None:
    own = psql(url_of(stack, "auth"), "SELECT count(*) FROM auth_schema.django_migrations")
    assert own.returncode == 0 and int(own.stdout) > 0, own.stderr
    other = psql(url_of(stack, "auth"), "SELECT count(*) FROM user_schema.django_migrations")
    assert other.returncode != 0
    assert "permission denied for schema user_schema" in other.stderr


@pytest.mark.parametrize("service", DATABASE_SERVICES)
def test_each_role_owns_only_its_schema(stack: LocalStack, service: str) -> None:
    result = psql(
        url_of(stack, service),
        "SELECT n.nspname FROM pg_namespace n WHERE has_schema_privilege(current_user, n.oid, 'USAGE') "
        "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'public') AND n.nspname NOT LIKE 'pg_%' "
        "ORDER BY 1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [SCHEMAS[service]]


@pytest.mark.parametrize("service", DATABASE_SERVICES)
def test_no_role_can_create_schemas_databases_or_roles(stack: LocalStack, service: str) -> None:
    result = psql(
        url_of(stack, service),
        "SELECT has_database_privilege(current_database(), 'CREATE'), rolcreatedb, rolcreaterole, rolsuper "
        "FROM pg_roles WHERE rolname = current_user",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "f|f|f|f"
