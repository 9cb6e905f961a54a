"""The gateway's one settings object, read from the environment (names of .env.example)."""

import hashlib
import hmac
from functools import cached_property, lru_cache
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
    # Several replicas of a service with no load balancer in front (local processes, VMs): comma-separated
    # URLs, used round robin; a replica that refuses the connection is skipped. Empty: <SERVICE>_SERVICE_URL.
    auth_service_urls: str = ""
    user_service_urls: str = ""
    ai_service_urls: str = ""

    cors_origin: str = "https://localhost:8443"
    # Origins whose unsafe requests (POST, PUT, PATCH, DELETE) are accepted; CORS_ORIGIN is always one.
    csrf_trusted_origins: str = "https://localhost:8443,https://localhost"
    trusted_proxies: str = "127.0.0.1,::1"
    # What nginx sends in X-Gateway-Proxy-Secret; empty: derived from GATEWAY_SIGNING_SECRET (as
    # scripts/render-nginx.sh derives it), so a local process cannot claim a client address.
    proxy_secret: str = ""
    rate_limit_anon_per_minute: int = Field(default=120, ge=1)
    rate_limit_user_per_minute: int = Field(default=600, ge=1)
    rate_limit_login_per_minute: int = Field(default=10, ge=1)  # per address: every login and register
    login_failures_per_address: int = Field(default=5, ge=1)  # wrong passwords per email from one address
    login_failures_per_email: int = Field(default=50, ge=1)  # wrong passwords per email from all addresses
    login_failure_window_seconds: int = Field(default=900, ge=1)
    login_known_address_days: int = Field(default=30, ge=0)  # a signed-in address skips the per-email ceiling
    verified_token_cache_size: int = Field(default=10000, ge=0)
    upstream_timeout_seconds: float = 30
    upstream_pool_size: int = Field(default=8, ge=1)  # connections per gateway worker to auth and user
    ai_upstream_pool_size: int = Field(default=32, ge=1)  # connections per gateway worker to the AI service
    vision_timeout_seconds: float = 90
    health_timeout_seconds: float = 3
    retry_attempts: int = 3
    breaker_threshold: int = 5
    breaker_cooldown_seconds: float = 30
    # /metrics on its own internal port (never the public one); 0 turns metrics off
    # (benchmarks/observability_overhead.py).
    gateway_metrics_host: str = "127.0.0.1"
    gateway_metrics_port: int = Field(default=9101, ge=0, le=65535)

    @model_validator(mode="after")
    def _require_secrets(self) -> "Settings":
        secrets = {"GATEWAY_SIGNING_SECRET": self.gateway_signing_secret}
        if self.proxy_secret:
            secrets["PROXY_SECRET"] = self.proxy_secret
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

    @cached_property
    def csrf_origins(self) -> frozenset[str]:
        items = [*self.csrf_trusted_origins.split(","), self.cors_origin]
        return frozenset(item.strip().rstrip("/").lower() for item in items if item.strip())

    @cached_property
    def nginx_proxy_secret(self) -> str:
        if self.proxy_secret:
            return self.proxy_secret
        return derive_proxy_secret(self.gateway_signing_secret)

    def upstream_url(self, service: str) -> str:
        return {"auth": self.auth_service_url, "user": self.user_service_url, "ai": self.ai_service_url}[service]

    def upstream_urls(self, service: str) -> tuple[str, ...]:
        """Every replica's base URL: <SERVICE>_SERVICE_URLS when set, else the one <SERVICE>_SERVICE_URL."""
        listed = {"auth": self.auth_service_urls, "user": self.user_service_urls, "ai": self.ai_service_urls}[service]
        urls = tuple(url.strip().rstrip("/") for url in listed.split(",") if url.strip())
        return urls or (self.upstream_url(service),)


def derive_proxy_secret(signing_secret: str) -> str:
    """The X-Gateway-Proxy-Secret value when PROXY_SECRET is unset (scripts/render-nginx.sh computes the same)."""
    return hmac.new(signing_secret.encode(), b"smartbreeds-nginx-proxy", hashlib.sha256).hexdigest()


@lru_cache
def get_settings() -> Settings:
    """The settings from the environment, read once (as the AI service's `app.core.config.get_settings`)."""
    return Settings()
