"""The `{success, data, error, timestamp}` envelope of the public API contract."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def utc_timestamp() -> str:
    """UTC ISO-8601 with a `Z` suffix, second precision, as the contract shows."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def success(data: Any) -> dict[str, Any]:
    return {"success": True, "data": data, "error": None, "timestamp": utc_timestamp()}


def failure(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "success": False,
        "data": None,
        "error": {"code": code, "message": message, "details": details or {}},
        "timestamp": utc_timestamp(),
    }


def is_envelope(payload: Any) -> bool:
    return isinstance(payload, dict) and {"success", "data", "error", "timestamp"} <= payload.keys()
