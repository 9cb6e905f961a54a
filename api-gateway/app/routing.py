"""THE route table: which public path goes to which service, who may call it, how long it may take.

Only these paths are forwarded; anything else is a 404 envelope from the router, and
`/internal/...` paths are never reachable from outside.
"""

import re
from dataclasses import dataclass
from enum import StrEnum


class Access(StrEnum):
    PUBLIC = "public"  # anonymous allowed; a valid cookie still identifies the caller
    USER = "user"
    ADMIN = "admin"


class Timeout(StrEnum):
    DEFAULT = "default"
    VISION = "vision"


@dataclass(frozen=True, slots=True)
class Route:
    path: str
    methods: tuple[str, ...]
    service: str  # "auth" | "user" | "ai"
    access: Access
    summary: str
    timeout: Timeout = Timeout.DEFAULT
    forward_cookies: bool = False  # only the auth service ever sees the cookies
    login_limited: bool = False  # strict per-IP and per-email rate limit
    counts_login_failures: bool = False  # per-email buckets count only the auth service's 401s (login)
    counts_password_failures: bool = False  # wrong current passwords, per user (+ address), like login failures
    streams_body: bool = False  # uploads stream through; other bodies are read (and capped) first
    # Path parameters are opaque ids of at most 64 characters; a stored image's name is longer.
    max_path_parameter_length: int = 64
    # OpenAPI (app/openapi/assemble.py): a success status other than 200, per method (the service's
    # document must agree), and the error statuses the service adds to the gateway's own
    # (400, 401, 403, 404, 413, 429, 503, 504).
    success: tuple[tuple[str, int], ...] = ()
    errors: tuple[int, ...] = ()

    def success_status(self, method: str) -> int:
        return dict(self.success).get(method, 200)


ROUTES: tuple[Route, ...] = (
    Route(
        "/api/v1/auth/register",
        ("POST",),
        "auth",
        Access.PUBLIC,
        "Create an account",
        forward_cookies=True,
        login_limited=True,
        success=(("POST", 201),),
        errors=(409,),
    ),
    Route(
        "/api/v1/auth/login",
        ("POST",),
        "auth",
        Access.PUBLIC,
        "Log in",
        forward_cookies=True,
        login_limited=True,
        counts_login_failures=True,
        errors=(401,),
    ),
    Route(
        "/api/v1/auth/refresh",
        ("POST",),
        "auth",
        Access.PUBLIC,
        "Rotate the session cookies",
        forward_cookies=True,
        errors=(401,),
    ),
    Route("/api/v1/auth/logout", ("POST",), "auth", Access.USER, "Log out", forward_cookies=True),
    Route("/api/v1/auth/me", ("GET",), "auth", Access.USER, "The current user", forward_cookies=True),
    Route(
        "/api/v1/auth/password",
        ("POST",),
        "auth",
        Access.USER,
        "Change my password",
        forward_cookies=True,
        counts_password_failures=True,
    ),
    Route("/api/v1/auth/logout-all", ("POST",), "auth", Access.USER, "End every session of mine", forward_cookies=True),
    Route("/api/v1/auth/sessions", ("GET",), "auth", Access.USER, "My sessions", forward_cookies=True),
    Route(
        "/api/v1/auth/sessions/{session_id}",
        ("DELETE",),
        "auth",
        Access.USER,
        "End one of my sessions",
        forward_cookies=True,
    ),
    # Accounts by email (docs/api-contract.md). Forgot: the login buckets (per client address and per
    # email) before the auth service's own per-address hourly limit.
    Route(
        "/api/v1/auth/password/forgot",
        ("POST",),
        "auth",
        Access.PUBLIC,
        "Mail me a password reset link",
        login_limited=True,
        success=(("POST", 202),),
    ),
    Route(
        "/api/v1/auth/password/reset",
        ("POST",),
        "auth",
        Access.PUBLIC,
        "Set a new password with a reset link",
        forward_cookies=True,
    ),
    Route("/api/v1/auth/email/verify", ("POST",), "auth", Access.PUBLIC, "Verify my email address"),
    Route(
        "/api/v1/auth/email/verify/resend",
        ("POST",),
        "auth",
        Access.USER,
        "Mail me a new verification link",
        forward_cookies=True,
        success=(("POST", 202),),
    ),
    Route(
        "/api/v1/auth/email/change",
        ("POST",),
        "auth",
        Access.USER,
        "Change my email address (confirmed from the new address)",
        forward_cookies=True,
        success=(("POST", 202),),
        errors=(409,),
    ),
    Route(
        "/api/v1/auth/email/change/confirm",
        ("POST",),
        "auth",
        Access.PUBLIC,
        "Confirm an email change with its link",
        errors=(409,),
    ),
    # The auth service checks the admin's own access token again (an active admin now), so it gets the cookies.
    Route("/api/v1/admin/users", ("GET",), "auth", Access.ADMIN, "Users (search)", forward_cookies=True),
    Route(
        "/api/v1/admin/users/{user_id}",
        ("PATCH",),
        "auth",
        Access.ADMIN,
        "Deactivate, reactivate or re-role a user",
        forward_cookies=True,
        errors=(409,),
    ),
    Route(
        "/api/v1/admin/users/{user_id}/password-reset-link",
        ("POST",),
        "auth",
        Access.ADMIN,
        "Issue a password reset link for a user (shown once, audited)",
        forward_cookies=True,
        success=(("POST", 201),),
    ),
    Route("/api/v1/users/me", ("GET", "PATCH"), "user", Access.USER, "Profile"),
    Route(
        "/api/v1/pets/analyze",
        ("POST",),
        "ai",
        Access.USER,
        "Analyze a pet photo",
        timeout=Timeout.VISION,
        streams_body=True,
        errors=(404, 415, 422),
    ),
    Route(
        "/api/v1/pets/analyze/batch",
        ("POST",),
        "ai",
        Access.USER,
        "Analyze up to 50 pet photos in a background job",
        streams_body=True,
        success=(("POST", 202),),
    ),
    Route("/api/v1/pets", ("GET", "POST"), "user", Access.USER, "Pets", success=(("POST", 201),)),
    Route("/api/v1/pets/{pet_id}", ("GET", "PATCH", "DELETE"), "user", Access.USER, "One pet"),
    Route("/api/v1/pets/{pet_id}/analyses", ("GET",), "user", Access.USER, "A pet's analysis history"),
    Route("/api/v1/analyses/recent", ("GET",), "user", Access.USER, "Recent analyses"),
    Route("/api/v1/analyses", ("GET",), "ai", Access.USER, "Every analysis I ran (newest first)"),
    Route(
        "/api/v1/analyses/{analysis_id}",
        ("GET", "DELETE"),
        "ai",
        Access.USER,
        "One of my analyses",
        errors=(404,),
    ),
    Route(
        "/api/v1/analyses/{analysis_id}/breed",
        ("POST",),
        "ai",
        Access.USER,
        "Correct an analysis' breed",
        errors=(404,),
    ),
    Route(
        "/api/v1/analyses/{analysis_id}/save",
        ("POST",),
        "ai",
        Access.USER,
        "Save a shown analysis to a pet",
        success=(("POST", 201),),
        errors=(404,),
    ),
    Route("/api/v1/breeds", ("GET",), "ai", Access.USER, "Breeds (for pickers)"),
    Route(
        "/api/v1/vision/analyze",
        ("POST",),
        "ai",
        Access.USER,
        "Identify the breed in a photo",
        timeout=Timeout.VISION,
        streams_body=True,
        errors=(415, 422),
    ),
    Route(
        "/api/v1/vision/pedigree",
        ("POST",),
        "ai",
        Access.USER,
        "Read a pedigree certificate",
        timeout=Timeout.VISION,
        streams_body=True,
        errors=(415, 422),
    ),
    Route("/api/v1/rag/query", ("POST",), "ai", Access.USER, "Ask the knowledge base"),
    Route(
        "/api/v1/rag/ingest",
        ("POST",),
        "ai",
        Access.ADMIN,
        "Add a document to the knowledge base (indexed by a background job)",
        streams_body=True,
        success=(("POST", 202),),
        errors=(409, 415),
    ),
    Route("/api/v1/rag/documents", ("GET",), "ai", Access.ADMIN, "Knowledge base documents"),
    # One path, per-method access: any signed-in user reads a cited document, only admins remove one.
    Route("/api/v1/rag/documents/{document_id}", ("GET",), "ai", Access.USER, "Read a knowledge-base document"),
    Route("/api/v1/rag/documents/{document_id}", ("DELETE",), "ai", Access.ADMIN, "Remove a document"),
    Route("/api/v1/recommendations", ("POST",), "ai", Access.USER, "Product recommendations", errors=(404,)),
    Route(
        "/api/v1/recommendations/batch",
        ("POST",),
        "ai",
        Access.USER,
        "Refresh recommendations for every pet",
        success=(("POST", 202),),
    ),
    Route("/api/v1/recommendations/recent", ("GET",), "ai", Access.USER, "Recent recommendations"),
    Route("/api/v1/jobs/{job_id}", ("GET",), "ai", Access.USER, "Background job status", errors=(404,)),
    Route("/api/v1/jobs/{job_id}", ("DELETE",), "ai", Access.USER, "Cancel a background job", errors=(404, 409)),
    Route("/api/v1/products", ("GET",), "ai", Access.PUBLIC, "Browse the product catalog"),
    # A stored photo (`<sha256>.<jpg|png|webp>`, or its thumbnail `<sha256>-320.webp`), only for a user who
    # uploaded it: else 404 UPLOAD_NOT_FOUND.
    Route("/api/v1/uploads/{name}", ("GET",), "ai", Access.USER, "An uploaded pet photo", max_path_parameter_length=73),
)

# JSON bodies are small; a bigger one is refused before it reaches a service.
MAX_JSON_BODY_BYTES = 1024 * 1024

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


_PARAMETER = re.compile(r"\{(\w+)\}")


class RouteTable:
    """Finds the route-table entry for a request (what Starlette's router would match, without it)."""

    def __init__(self, routes: tuple[Route, ...]) -> None:
        self._static: dict[tuple[str, str], Route] = {}
        self._templated: list[tuple[re.Pattern[str], str, Route]] = []
        for route in routes:
            for method in route.methods:
                if "{" in route.path:
                    pattern = re.compile("^" + _PARAMETER.sub(r"(?P<\1>[^/]+)", route.path) + "$")
                    self._templated.append((pattern, method, route))
                else:
                    self._static[(method, route.path)] = route

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The entry for this method and path and its path parameters, or None (unknown path or
        method: FastAPI answers those, as 404, 405 or one of its own routes)."""
        route = self._static.get((method, path))
        if route is not None:
            return route, {}
        for pattern, route_method, route in self._templated:
            if route_method == method:
                found = pattern.match(path)
                if found:
                    return route, found.groupdict()
        return None


ROUTE_TABLE = RouteTable(ROUTES)
