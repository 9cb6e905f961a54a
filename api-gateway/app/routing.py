"""THE route table: which service answers a public path, and who may call it.

First match wins and entries are ordered most specific first. A path that matches nothing is a
404: the gateway never forwards blindly (so `/internal/...` is unreachable from outside).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Service = Literal["auth", "user", "ai"]


class Access(StrEnum):
    PUBLIC = "public"
    USER = "user"
    ADMIN = "admin"


class TimeoutClass(StrEnum):
    DEFAULT = "default"
    VISION = "vision"


@dataclass(frozen=True, slots=True)
class Route:
    pattern: str  # "/a/b" matches exactly; "/a/b*" matches "/a/b" and "/a/b/..."; "/a/b/*" matches "/a/b/..."
    service: Service
    access: Access
    timeout: TimeoutClass = TimeoutClass.DEFAULT
    methods: frozenset[str] | None = None  # None: any method, the service answers 405 itself

    def matches(self, path: str) -> bool:
        if self.pattern.endswith("/*"):
            return path.startswith(self.pattern[:-1]) and len(path) > len(self.pattern) - 1
        if self.pattern.endswith("*"):
            base = self.pattern[:-1]
            return path == base or path.startswith(base + "/")
        return path == self.pattern


API = "/api/v1"

ROUTES: tuple[Route, ...] = (
    Route(f"{API}/auth/register", "auth", Access.PUBLIC),
    Route(f"{API}/auth/login", "auth", Access.PUBLIC),
    Route(f"{API}/auth/refresh", "auth", Access.PUBLIC),
    Route(f"{API}/auth/logout", "auth", Access.USER),
    # DELETE /auth/me only as the second step of DELETE /users/me (app/api/routes/account.py).
    Route(f"{API}/auth/me", "auth", Access.USER, methods=frozenset({"GET", "HEAD", "OPTIONS"})),
    Route(f"{API}/pets/analyze", "ai", Access.USER, TimeoutClass.VISION),
    Route(f"{API}/vision/*", "ai", Access.USER, TimeoutClass.VISION),
    Route(f"{API}/users/*", "user", Access.USER),
    Route(f"{API}/pets*", "user", Access.USER),
    Route(f"{API}/analyses/*", "user", Access.USER),
    Route(f"{API}/rag/query", "ai", Access.USER),
    Route(f"{API}/rag/ingest", "ai", Access.ADMIN),
    Route(f"{API}/rag/documents*", "ai", Access.ADMIN),
    Route(f"{API}/recommendations*", "ai", Access.USER),
    Route(f"{API}/jobs/*", "ai", Access.USER),
    Route(f"{API}/products", "ai", Access.PUBLIC),
)

# The gateway's own paths (answered here, never forwarded): a wrong method on them is a 405.
OWN_PATHS = frozenset({f"{API}/health", f"{API}/dashboard", f"{API}/docs", f"{API}/openapi.json"})

STRICT_RATE_LIMIT_PATHS = frozenset({f"{API}/auth/login", f"{API}/auth/register"})


def resolve(path: str) -> Route | None:
    for route in ROUTES:
        if route.matches(path):
            return route
    return None


def is_unsafe_path(raw_path: str) -> bool:
    """Paths that could mean something else after decoding or normalising upstream."""
    lowered = raw_path.lower()
    return (
        ".." in lowered
        or "//" in lowered
        or "\\" in lowered
        or "%2f" in lowered
        or "%5c" in lowered
        or "%2e" in lowered
        or "%00" in lowered
        or "%25" in lowered
    )
