"""Per-pet cache of recommendation results in Redis, invalidated by the pet's updated_at.

The user service owns pets and never tells us about changes, so each entry remembers the pet's
`updated_at` it was computed for; a different `updated_at` on the next request is a miss.
"""

from __future__ import annotations

import json
from typing import Any

from redis.asyncio import Redis

from app.clients.redis import redis_key
from app.core.config import Settings

CACHE_TTL_SECONDS = 24 * 3600


def cache_key(settings: Settings, pet_id: str) -> str:
    return redis_key(settings, f"cache:recommendations:{pet_id}")


def _variant(category: str | None, limit: int) -> str:
    return f"{category or 'all'}:{limit}"


async def cached_result(
    redis: Redis, settings: Settings, *, pet_id: str, updated_at: str | None, category: str | None, limit: int
) -> dict[str, Any] | None:
    raw = await redis.get(cache_key(settings, pet_id))
    if raw is None:
        return None
    entry = json.loads(raw)
    if entry.get("updated_at") != updated_at:
        return None
    result: dict[str, Any] | None = entry.get("variants", {}).get(_variant(category, limit))
    return result


async def store_result(
    redis: Redis,
    settings: Settings,
    *,
    pet_id: str,
    updated_at: str | None,
    category: str | None,
    limit: int,
    result: dict[str, Any],
) -> None:
    key = cache_key(settings, pet_id)
    raw = await redis.get(key)
    entry = json.loads(raw) if raw else {}
    if entry.get("updated_at") != updated_at:
        entry = {"updated_at": updated_at, "variants": {}}
    entry["variants"][_variant(category, limit)] = result
    await redis.set(key, json.dumps(entry), ex=CACHE_TTL_SECONDS)
