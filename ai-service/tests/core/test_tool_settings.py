"""Offline tools build the service's settings without a secret in the environment; the service cannot."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from smartbreeds_common.secret_strength import MIN_SECRET_BYTES

from app.core.config import Settings
from app.core.tool_settings import OfflineToolSettings


@pytest.fixture
def no_secret_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GATEWAY_SIGNING_SECRET", raising=False)
    monkeypatch.setenv("ENVIRONMENT", "development")


@pytest.mark.usefixtures("no_secret_in_environment")
def test_the_service_settings_still_refuse_to_build_without_a_secret() -> None:
    with pytest.raises(ValidationError, match="gateway_signing_secret"):
        Settings()


@pytest.mark.usefixtures("no_secret_in_environment")
def test_a_tool_without_a_secret_gets_a_strong_one_of_its_own_per_process() -> None:
    first, second = OfflineToolSettings(), OfflineToolSettings()

    assert len(first.gateway_signing_secret.encode()) >= MIN_SECRET_BYTES
    assert first.gateway_signing_secret != second.gateway_signing_secret


def test_a_tool_reads_and_checks_the_environments_secret_like_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("GATEWAY_SIGNING_SECRET", "s" * MIN_SECRET_BYTES)
    assert OfflineToolSettings().gateway_signing_secret == "s" * MIN_SECRET_BYTES

    monkeypatch.setenv("GATEWAY_SIGNING_SECRET", "too-short")
    with pytest.raises(ValidationError, match="GATEWAY_SIGNING_SECRET must be at least 32 bytes long"):
        OfflineToolSettings()
