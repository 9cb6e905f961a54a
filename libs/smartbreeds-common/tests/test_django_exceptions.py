"""The Django handler turns hostile-body errors into 4xx envelopes instead of 500s."""

import pytest

django = pytest.importorskip("django")
pytest.importorskip("rest_framework")

from django.conf import settings

if not settings.configured:
    settings.configure(INSTALLED_APPS=["rest_framework"], DEFAULT_CHARSET="utf-8")
    django.setup()

from django.core.exceptions import RequestDataTooBig

from smartbreeds_common.django.exceptions import envelope_exception_handler


def test_body_over_the_upload_limit_is_a_413_envelope() -> None:
    response = envelope_exception_handler(RequestDataTooBig("too big"), {})
    assert response.status_code == 413
    assert response.data["error"]["code"] == "PAYLOAD_TOO_LARGE"


def test_json_nested_too_deeply_is_a_400_validation_error() -> None:
    response = envelope_exception_handler(RecursionError("maximum recursion depth exceeded"), {})
    assert response.status_code == 400
    assert response.data["error"]["code"] == "VALIDATION_ERROR"


def test_database_unreachable_is_a_503_service_unavailable() -> None:
    from django.db import OperationalError

    response = envelope_exception_handler(OperationalError("connection refused"), {})
    assert response.status_code == 503
    assert response.data["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert response["Retry-After"] == "1"


def test_redis_unreachable_is_a_503_service_unavailable() -> None:
    redis_exceptions = pytest.importorskip("redis.exceptions")

    response = envelope_exception_handler(redis_exceptions.ConnectionError("Connection refused"), {})
    assert response.status_code == 503
    assert response.data["error"]["code"] == "SERVICE_UNAVAILABLE"
