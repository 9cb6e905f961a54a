"""The gateway's one settings object, read from the environment (names of .env.example)."""

from functools import cached_property
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from smartbreeds_common.secret_strength import short_secrets_error

PLACEHOLDER_SECRET = "change-me"  # noqa: S105 - the value refused in production


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    environment: str = "development"
    log_format: str = "json"
    log_level: str = "INFO"

    jwt_secret: str = ""
    jwt_algorithm: str = "HS256"
    jwt_public_key_file: Path | None = None
    jwt_issuer: str = "smartbreeds-auth"
    jwt_audience: str = "smartbreeds"
    gateway_signing_secret: str

    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_key_prefix: str = ""

    auth_service_url: str = "http://127.0.0.1:3001"
    user_service_url: str = "http://127.0.0.1:3002"
    ai_service_url: str = "http://127.0.0.1:3003"

    cors_origin: str = "https://localhost:8443"
    trusted_proxies: str = "127.0.0.1,::1"
    rate_limit_anon_per_minute: int = Field(default=120, ge=1)
    rate_limit_user_per_minute: int = Field(default=600, ge=1)
    rate_limit_login_per_minute: int = Field(default=10, ge=1)
    upstream_timeout_seconds: float = 30
    vision_timeout_seconds: float = 90
    health_timeout_seconds: float = 3
    retry_attempts: int = 3
    breaker_threshold: int = 5
    breaker_cooldown_seconds: float = 30

    @model_validator(mode="after")
    def _require_secrets(self) -> "Settings":
        secrets = {"GATEWAY_SIGNING_SECRET": self.gateway_signing_secret}
        if self.jwt_algorithm == "HS256":
            secrets["JWT_SECRET"] = self.jwt_secret
        elif self.jwt_algorithm == "RS256":
            if not self.jwt_public_key_file or not self.jwt_public_key_file.is_file():
                raise ValueError("RS256 needs JWT_PUBLIC_KEY_FILE")
        else:
            raise ValueError("JWT_ALGORITHM must be HS256 or RS256")
        for name, value in secrets.items():
            if not value:
                raise ValueError(f"{name} is required")
            if self.environment == "production" and value == PLACEHOLDER_SECRET:
                raise ValueError(f"{name} still has its placeholder value")
        short = short_secrets_error(secrets, environment=self.environment)
        if short:
            raise ValueError(short)
        return self

    @cached_property
    def jwt_verification_key(self) -> str:
        if self.jwt_algorithm == "RS256" and self.jwt_public_key_file:
            return self.jwt_public_key_file.read_text()
        return self.jwt_secret

    @cached_property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(item.strip(), strict=False) for item in self.trusted_proxies.split(",") if item.strip())

    def upstream_url(self, service: str) -> str:
        return {"auth": self.auth_service_url, "user": self.user_service_url, "ai": self.ai_service_url}[service]
