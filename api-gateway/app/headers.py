"""Which headers cross the gateway, in each direction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)
SPOOFABLE_PREFIXES = ("x-user-", "x-internal-", "x-gateway-")
# Set by the gateway itself (identity, request ids, client address); the client's copies are dropped.
GATEWAY_SET = frozenset(
    {"host", "x-request-id", "x-correlation-id", "x-forwarded-for", "x-real-ip", "x-forwarded-host", "x-forwarded-proto"}
)
# Added again by our own server; two copies would confuse clients.
RESPONSE_OWN = frozenset({"date", "server", "x-request-id"})


def _connection_named(headers: Iterable[tuple[str, str]]) -> set[str]:
    named: set[str] = set()
    for name, value in headers:
        if name.lower() == "connection":
            named.update(token.strip().lower() for token in value.split(",") if token.strip())
    return named


def _is_proxy_header(lowered: str) -> bool:
    return lowered in HOP_BY_HOP or lowered.startswith("proxy-")


def strip_client_headers(headers: Iterable[tuple[str, str]], *, keep_cookie: bool) -> list[tuple[str, str]]:
    """Drop hop-by-hop, identity-spoofing and gateway-owned headers, case-insensitively, every copy."""
    items = list(headers)
    named = _connection_named(items)
    kept: list[tuple[str, str]] = []
    for name, value in items:
        lowered = name.lower()
        if _is_proxy_header(lowered) or lowered in named or lowered in GATEWAY_SET:
            continue
        if lowered.startswith(SPOOFABLE_PREFIXES):
            continue
        if lowered == "cookie" and not keep_cookie:
            continue
        kept.append((name, value))
    return kept


def forward_request_headers(
    client_headers: Iterable[tuple[str, str]],
    *,
    identity: Mapping[str, str],
    client_ip: str,
    keep_cookie: bool,
) -> list[tuple[str, str]]:
    headers = strip_client_headers(client_headers, keep_cookie=keep_cookie)
    headers.extend(identity.items())
    headers.append(("X-Forwarded-For", client_ip))
    headers.append(("X-Real-IP", client_ip))
    return headers


def upstream_response_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every header of the upstream answer (each Set-Cookie kept) minus hop-by-hop ones."""
    items = list(headers)
    named = _connection_named(items)
    return [
        (name, value)
        for name, value in items
        if not _is_proxy_header(name.lower()) and name.lower() not in named and name.lower() not in RESPONSE_OWN
    ]
