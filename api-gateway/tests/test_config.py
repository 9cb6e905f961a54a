"""The gateway refuses to start with a signing secret shorter than 32 bytes (outside ENVIRONMENT=test)."""

import pytest
from pydantic import ValidationError

from app.core.config import Settings
from tests.conftest import JWT_SECRET, SIGNING_SECRET


@pytest.mark.parametrize("field", ["jwt_secret", "gateway_signing_secret"])
@pytest.mark.parametrize("environment", ["development", "production"])
def test_a_secret_shorter_than_32_bytes_is_refused(field: str, environment: str) -> None:
    Settings(environment=environment, jwt_secret=JWT_SECRET, gateway_signing_secret=SIGNING_SECRET)  # accepted
    short = "s" * 31
    with pytest.raises(ValidationError, match=f"{field.upper()} must be at least 32 bytes long"):
        Settings(
            environment=environment,
            jwt_secret=short if field == "jwt_secret" else JWT_SECRET,
            gateway_signing_secret=short if field == "gateway_signing_secret" else SIGNING_SECRET,
        )


def test_the_test_environment_keeps_short_fixed_secrets() -> None:
    assert Settings(environment="test", jwt_secret="short", gateway_signing_secret="short").jwt_secret == "short"


def test_service_urls_list_the_replicas_or_fall_back_to_the_single_url():
    settings = Settings(
        jwt_secret=JWT_SECRET,
        gateway_signing_secret=SIGNING_SECRET,
        ai_service_url="http://ai:3003",
        ai_service_urls=" http://a:3003/ , http://b:3003,",
    )

    assert settings.upstream_urls("ai") == ("http://a:3003", "http://b:3003")
    assert settings.upstream_urls("user") == (settings.user_service_url,)
