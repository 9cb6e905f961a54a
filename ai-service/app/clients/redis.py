"""The shared async Redis client and the key prefix every key carries (REDIS_KEY_PREFIX)."""

from redis.asyncio import Redis

from app.core.config import Settings


def build_redis(settings: Settings) -> Redis:
    return Redis.from_url(settings.redis_url, decode_responses=True, socket_connect_timeout=2, socket_timeout=5)


def redis_key(settings: Settings, name: str) -> str:
    """`name` (e.g. "ollama:vision:<sha256>") with the configured prefix."""
    return f"{settings.redis_key_prefix}{name}"
