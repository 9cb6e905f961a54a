"""The marks `make test-unit` selects by: set from the fixtures a test uses, whichever way it gets them."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """
import pytest

@pytest.fixture(scope="session")
def database_url():
    return "postgresql://"

@pytest.fixture
def settings(database_url):
    return {"database_url": database_url}

@pytest.fixture
def fake_server():
    return "http://127.0.0.1:1"

def test_pure():
    assert True

def test_direct(database_url):
    pass

def test_through_another_fixture(settings):
    pass

def test_server(fake_server):
    pass

@pytest.mark.django_db
def test_django_database():
    pass

@pytest.mark.db
def test_marked_by_hand():
    pass
"""
INI = """
[pytest]
addopts = -p smartbreeds_common.pytest_markers
db_fixtures = database_url
network_fixtures = fake_server
markers = django_db: stands in for pytest-django's marker
"""


# pytest-django (in the Django venvs) would skip a django_db test with no Django configured: only the mark matters.
WITHOUT_DJANGO = ("-p", "no:django")


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INI)
    pytester.makepyfile(test_suite=SUITE)
    return pytester


def test_unit_selection_keeps_only_tests_without_database_or_server(suite: pytest.Pytester) -> None:
    result = suite.runpytest(*WITHOUT_DJANGO, "-m", "not db and not network", "-v")

    result.assert_outcomes(passed=1, deselected=5)
    result.stdout.fnmatch_lines(["*test_pure PASSED*"])


def test_database_and_server_tests_are_marked(suite: pytest.Pytester) -> None:
    assert suite.runpytest(*WITHOUT_DJANGO, "-m", "db").parseoutcomes() == {"passed": 4, "deselected": 2}
    assert suite.runpytest(*WITHOUT_DJANGO, "-m", "network").parseoutcomes() == {"passed": 1, "deselected": 5}


def test_an_autouse_database_fixture_marks_every_test_under_it(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makeconftest(
        """
import pytest

@pytest.fixture(autouse=True)
def database_url():
    return "postgresql://"
"""
    )
    pytester.makepyfile(test_suite="def test_a():\n    pass\n")

    pytester.runpytest(*WITHOUT_DJANGO, "-m", "not db and not network").assert_outcomes(deselected=1)
