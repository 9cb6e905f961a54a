"""One PostgreSQL schema per service: created before the first migration touches the database.

The connection's `search_path` is the service's schema (settings: DATABASES OPTIONS
`-c search_path=<schema>`), so every table, `django_migrations` included, lands there.
"""

from typing import Any

from django.conf import settings
from django.db import connections


def schema_name() -> str:
    return str(settings.DB_SCHEMA)


def ensure_schema(*, using: str = "default", **_kwargs: Any) -> None:
    with connections[using].cursor() as cursor:
        # Look first: a service role owns its schema but may not CREATE in the database, and
        # CREATE SCHEMA IF NOT EXISTS checks that privilege even when the schema exists.
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema_name()])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE SCHEMA "{schema_name()}"')


def database_options(schema: str) -> dict[str, str]:
    return {"options": f"-c search_path={schema}"}
