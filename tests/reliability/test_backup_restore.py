"""`make db-backup` then `make db-restore` into an empty database brings every row of every schema back."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.client import ApiClient
from tests.stack import REPO, LocalStack

pytestmark = pytest.mark.stack
SCHEMAS = ("auth_schema", "user_schema", "ai_schema")


def psql(url: str, sql: str) -> str:
    return subprocess.run(["psql", url, "-tAc", sql], capture_output=True, text=True, check=True, timeout=60).stdout


def rows_per_table(url: str) -> dict[str, int]:
    listed = ",".join(f"'{schema}'" for schema in SCHEMAS)
    tables = psql(url, f"SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname IN ({listed})").split()
    return {table: int(psql(url, f"SELECT count(*) FROM {table}")) for table in sorted(tables)}


def make(target: str, env: dict[str, str], **variables: str) -> None:
    args = [f"{name}={value}" for name, value in variables.items()]
    subprocess.run(["make", "-s", target, *args], cwd=REPO, env=env, check=True, capture_output=True, timeout=300)


@pytest.fixture
def empty_database_url(live_stack: LocalStack) -> Iterator[str]:
    name = f"smartbreeds_restore_{secrets.token_hex(4)}"
    url = live_stack.env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    yield url
    # db.sh drop: the database and the per-service roles the restore created for it.
    env = {**os.environ, **live_stack.env, "DATABASE_URL": url}
    subprocess.run([str(REPO / "scripts/db.sh"), "drop"], env=env, check=True, capture_output=True, timeout=60)


def test_backup_restores_every_row_into_an_empty_database(
    live_stack: LocalStack, api: ApiClient, empty_database_url: str, tmp_path: Path
) -> None:
    for number in range(3):
        created = api.request("POST", "/api/v1/pets", json={"name": f"Backup {number}", "species": "cat"})
        assert created.status_code == 201, created.text
    source = rows_per_table(live_stack.env["DATABASE_URL"])
    assert source["auth_schema.users"] >= 1 and source["user_schema.pets"] >= 3, source

    dump = tmp_path / "backup.dump"
    make("db-backup", {**os.environ, **live_stack.env}, FILE=str(dump))
    assert dump.stat().st_size > 0
    make("db-restore", {**os.environ, **live_stack.env, "DATABASE_URL": empty_database_url}, FILE=str(dump))

    assert rows_per_table(empty_database_url) == source
    names = psql(empty_database_url, "SELECT name FROM user_schema.pets WHERE name LIKE 'Backup %' ORDER BY name")
    assert names.split("\n")[:3] == ["Backup 0", "Backup 1", "Backup 2"]
