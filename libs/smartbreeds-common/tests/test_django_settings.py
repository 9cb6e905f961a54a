"""The settings both Django services build on (smartbreeds_common.django.settings)."""

from datetime import UTC, datetime

import pytest

django = pytest.importorskip("django")
pytest.importorskip("rest_framework")
environ = pytest.importorskip("environ")

from django.conf import settings

if not settings.configured:
    settings.configure(INSTALLED_APPS=["rest_framework"], DEFAULT_CHARSET="utf-8")
    django.setup()

from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from rest_framework import serializers

from smartbreeds_common.django.settings import database_settings, required_secrets, rest_framework_settings

STRONG = "s" * 40


def test_a_missing_secret_stops_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOME_SECRET", raising=False)

    with pytest.raises(ImproperlyConfigured):
        required_secrets(environ.Env(), ("SOME_SECRET",), environment="development")


@pytest.mark.parametrize("value", ["change-me", ""])
def test_production_refuses_the_example_or_an_empty_secret(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOME_SECRET", value)

    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET must be set to a real secret"):
        required_secrets(environ.Env(), ("SOME_SECRET",), environment="production")


def test_production_refuses_a_short_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_SECRET", "short-but-real")

    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET"):
        required_secrets(environ.Env(), ("SOME_SECRET",), environment="production")


def test_secrets_are_returned_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_SECRET", STRONG)

    assert required_secrets(environ.Env(), ("SOME_SECRET",), environment="production") == {"SOME_SECRET": STRONG}


def test_the_database_is_confined_to_the_schema_and_its_connections_are_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://svc:pw@db:5432/smartbreeds")
    monkeypatch.setenv("DB_CONN_MAX_AGE", "30")

    default = database_settings(environ.Env(), schema="pets_schema")["default"]

    assert (default["HOST"], default["NAME"]) == ("db", "smartbreeds")
    assert default["OPTIONS"]["options"] == "-c search_path=pets_schema"
    assert (default["CONN_MAX_AGE"], default["CONN_HEALTH_CHECKS"]) == (30, True)


def test_both_services_render_a_timestamp_in_utc_with_microseconds_and_z() -> None:
    with override_settings(TIME_ZONE="UTC", USE_TZ=True, REST_FRAMEWORK=rest_framework_settings()):
        field = serializers.DateTimeField()

        assert field.to_representation(datetime(2026, 1, 13, 10, 30, tzinfo=UTC)) == "2026-01-13T10:30:00.000000Z"
