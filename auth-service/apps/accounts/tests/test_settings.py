"""Start-up refuses missing secrets, and example secrets in production."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

SECRETS = {"DJANGO_SECRET_KEY": "s1", "JWT_SECRET": "s2", "GATEWAY_SIGNING_SECRET": "s3"}


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS and k != "ENVIRONMENT"}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_load_with_all_secrets() -> None:
    assert _start(**SECRETS, ENVIRONMENT="production").returncode == 0


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_a_missing_secret_stops_start_up(missing: str) -> None:
    env = {k: v for k, v in SECRETS.items() if k != missing}
    result = _start(**env, ENVIRONMENT="development")
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_the_example_secret() -> None:
    result = _start(**{**SECRETS, "JWT_SECRET": "change-me"}, ENVIRONMENT="production")
    assert result.returncode != 0
    assert "JWT_SECRET must be set to a real secret" in result.stderr
