"""pytest plugin every Python suite loads: marks the tests that reach a database or a server.

A test is marked `db` when it reaches PostgreSQL or Redis: pytest-django's `django_db` marker or database
fixtures, or a fixture named in the suite's `db_fixtures` ini option; `network` when it starts or calls a
server on a socket (a fixture named in `network_fixtures`). Fixtures count whether the test requests them
directly, through other fixtures or as autouse ones, so a new test is classified without being edited.
Every other test is a unit test: `pytest -m "not db and not network" --disable-socket --allow-unix-socket`
(`make test-unit`) runs only those, with pytest-socket failing any that opens a network socket anyway.

Loaded by `-p smartbreeds_common.pytest_markers` in each service's pytest `addopts`.
"""

from __future__ import annotations

import pytest

UNIT_TESTS = "not db and not network"
# pytest-django's fixtures that open the test database.
DJANGO_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_setup",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_user_model",
        "admin_user",
        "admin_client",
        "live_server",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("db_fixtures", type="args", default=[], help="fixtures that reach PostgreSQL or Redis (marks db)")
    parser.addini("network_fixtures", type="args", default=[], help="fixtures that start or call a server (network)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "db: reaches PostgreSQL or Redis (set from the fixtures the test uses)")
    config.addinivalue_line("markers", "network: starts or calls a server on a socket (set from its fixtures)")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    database = DJANGO_DATABASE_FIXTURES | set(config.getini("db_fixtures"))
    network = set(config.getini("network_fixtures"))
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") or used & database:
            item.add_marker(pytest.mark.db)
        if used & network:
            item.add_marker(pytest.mark.network)
