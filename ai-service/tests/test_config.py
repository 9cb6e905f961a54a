"""The AI service refuses to start with a signing secret shorter than 32 bytes (outside ENVIRONMENT=test)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.core.config import Settings


@pytest.mark.parametrize("environment", ["development", "production"])
def test_a_signing_secret_shorter_than_32_bytes_is_refused(environment: str) -> None:
    assert Settings(environment=environment, gateway_signing_secret="g" * 32).gateway_signing_secret == "g" * 32
    with pytest.raises(ValidationError, match="GATEWAY_SIGNING_SECRET must be at least 32 bytes long"):
        Settings(environment=environment, gateway_signing_secret="g" * 31)


def test_the_test_environment_keeps_short_fixed_secrets() -> None:
    assert Settings(environment="test", gateway_signing_secret="short").gateway_signing_secret == "short"
