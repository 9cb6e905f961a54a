"""The gateway's one settings object, read from the environment (names from .env.example)."""

from functools import cached_property
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal, Self

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

EXAMPLE_SECRET = "change-me"  # noqa: S105 - the placeholder we refuse, not a secret


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    environment: Literal["development", "test", "production"] = "development"
    log_format: Literal["json", "console"] = "json"
    log_level: str = "INFO"

    # Secrets: no defaults, a missing one stops start-up.
    jwt_secret: str = ""
    gateway_signing_secret: str

    jwt_algorithm: Literal["HS256", "RS256"] = "HS256"
    jwt_public_key_file: Path | None = None
    jwt_issuer: str = "smartbreeds-auth"
    jwt_audience: str = "smartbreeds"

    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_key_prefix: str = ""

    auth_service_url: str = "http://127.0.0.1:3001"
    user_service_url: str = "http://127.0.0.1:3002"
    ai_service_url: str = "http://127.0.0.1:3003"

    cors_origin: str = "https://localhost:8443"
    trusted_proxies: str = "127.0.0.1,::1"
    rate_limit_anon_per_minute: int = 120
    rate_limit_user_per_minute: int = 600
    rate_limit_login_per_minute: int = 10
    upstream_timeout_seconds: float = 30.0
    vision_timeout_seconds: float = 90.0
    health_timeout_seconds: float = 2.0
    breaker_failure_threshold: int = 5
    breaker_reset_seconds: float = 30.0
    upstream_max_connections: int = 100

    @model_validator(mode="after")
    def _refuse_missing_secrets(self) -> Self:
        if self.jwt_algorithm == "HS256" and not self.jwt_secret:
            raise ValueError("JWT_SECRET is required with JWT_ALGORITHM=HS256")
        if self.jwt_algorithm == "RS256" and not self.jwt_public_key_file:
            raise ValueError("JWT_PUBLIC_KEY_FILE is required with JWT_ALGORITHM=RS256")
        if not self.gateway_signing_secret:
            raise ValueError("GATEWAY_SIGNING_SECRET is required")
        if self.environment == "production" and EXAMPLE_SECRET in (self.jwt_secret, self.gateway_signing_secret):
            raise ValueError("the example secret 'change-me' is refused in production")
        return self

    @cached_property
    def jwt_verification_key(self) -> str:
        if self.jwt_algorithm == "RS256":
            assert self.jwt_public_key_file is not None
            return self.jwt_public_key_file.read_text()
        return self.jwt_secret

    @cached_property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(item.strip(), strict=False) for item in self.trusted_proxies.split(",") if item.strip())

    def service_url(self, service: str) -> str:
        urls = {"auth": self.auth_service_url, "user": self.user_service_url, "ai": self.ai_service_url}
        return urls[service].rstrip("/")
