import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVICE_DIR = Path(__file__).resolve().parents[2]


def _setup_django(settings_module: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SECRET_KEY"}}
    environment |= {"DJANGO_SETTINGS_MODULE": settings_module, **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=SERVICE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_missing_secret_stops_start_up() -> None:
    result = _setup_django("config.settings.production", GATEWAY_SIGNING_SECRET="s", ENVIRONMENT="development")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("placeholder", ["DJANGO_SECRET_KEY", "GATEWAY_SIGNING_SECRET"])
def test_production_refuses_placeholder_secrets(placeholder: str) -> None:
    secrets = {"DJANGO_SECRET_KEY": "real-1" * 6, "GATEWAY_SIGNING_SECRET": "real-2" * 6, placeholder: "change-me"}
    refused = _setup_django("config.settings.production", ENVIRONMENT="production", **secrets)
    assert refused.returncode != 0
    assert f"{placeholder} must be set to a real secret" in refused.stderr
    allowed = _setup_django("config.settings.production", ENVIRONMENT="development", **secrets)
    assert allowed.returncode != 0  # outside production the placeholder passes that check, not the length one
    assert f"{placeholder} must be at least 32 bytes long" in allowed.stderr


@pytest.mark.parametrize("short", ["DJANGO_SECRET_KEY", "GATEWAY_SIGNING_SECRET"])
def test_a_secret_shorter_than_32_bytes_stops_start_up(short: str) -> None:
    secrets = {"DJANGO_SECRET_KEY": "k" * 32, "GATEWAY_SIGNING_SECRET": "g" * 32}
    assert _setup_django("config.settings.production", ENVIRONMENT="development", **secrets).returncode == 0
    refused = _setup_django("config.settings.production", ENVIRONMENT="development", **{**secrets, short: "s" * 31})
    assert refused.returncode != 0
    assert f"{short} must be at least 32 bytes long" in refused.stderr
