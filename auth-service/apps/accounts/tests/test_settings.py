"""Start-up refuses missing secrets, secrets shorter than 32 bytes, and example secrets in production."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

SECRETS = {name: f"{name.lower()}-{'x' * 32}" for name in ("DJANGO_SECRET_KEY", "JWT_SECRET", "GATEWAY_SIGNING_SECRET")}


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


@pytest.mark.parametrize("short", sorted(SECRETS))
@pytest.mark.parametrize("environment", ["development", "production"])
def test_a_secret_shorter_than_32_bytes_stops_start_up(short: str, environment: str) -> None:
    result = _start(**{**SECRETS, short: "y" * 31}, ENVIRONMENT=environment)
    assert result.returncode != 0
    assert f"{short} must be at least 32 bytes long" in result.stderr
