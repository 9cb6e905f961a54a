"""Request and correlation ids: the client's when it is a valid UUID, a new one otherwise."""

from __future__ import annotations

import uuid

REQUEST_ID_HEADER = "X-Request-ID"
CORRELATION_ID_HEADER = "X-Correlation-ID"


def accept_or_new(value: str | None) -> str:
    if value:
        try:
            return str(uuid.UUID(value.strip()))
        except ValueError:
            pass
    return str(uuid.uuid4())
