import pytest

from apps.health.selectors import database_is_available


@pytest.mark.django_db
def test_database_is_available_when_postgres_answers() -> None:
    assert database_is_available() is True
