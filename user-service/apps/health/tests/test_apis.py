import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from apps.testing import assert_error, assert_ok

SERVICE_DIR = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_health_answers_200_without_a_gateway_signature() -> None:
    data = assert_ok(Client().get("/health"))
    assert data == {"status": "ok", "dependencies": {"postgres": "ok"}}


def test_health_answers_503_envelope_when_the_database_is_unreachable() -> None:
    # A separate process, so the unreachable database does not disturb this run's connection.
    script = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/health'); "
        "import sys; sys.stdout.write(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/unreachable",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=SERVICE_DIR, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["success"] is False
    assert answer["body"]["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert answer["body"]["error"]["details"] == {"status": "down", "dependencies": {"postgres": "down"}}


@pytest.mark.django_db
def test_other_paths_require_the_gateway_signature() -> None:
    assert_error(Client().get("/api/v1/pets"), 401, "GATEWAY_REQUIRED")
