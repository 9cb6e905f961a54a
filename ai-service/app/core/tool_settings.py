"""Settings for offline tools (benchmarks) that reuse the service's code but never sign or verify a request.

The service itself always uses `Settings`, whose GATEWAY_SIGNING_SECRET has no default and must pass the
strength check. A tool that only builds the settings to construct e.g. the vision pipeline has no use for
that secret, so when the environment has none it gets a fresh random one, strong enough for the same check,
that exists only in the tool's process and is never shared, stored or printed. A secret that *is* in the
environment is read and checked exactly as the service would.
"""

from __future__ import annotations

import secrets

from pydantic import Field

from app.core.config import Settings


def ephemeral_tool_secret() -> str:
    """A strong random secret for one tool process: nothing ever verifies a signature made with it."""
    return secrets.token_urlsafe(48)


class OfflineToolSettings(Settings):
    """`Settings` for tools: GATEWAY_SIGNING_SECRET defaults to an ephemeral random secret (never the service's)."""

    gateway_signing_secret: str = Field(default_factory=ephemeral_tool_secret, min_length=1)
