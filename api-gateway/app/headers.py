"""What crosses the gateway: client identity headers are stripped, signed ones are added."""

import hmac
from collections.abc import Iterable, Mapping
from ipaddress import ip_address

from app.core.config import Settings
from smartbreeds_common import identity
from smartbreeds_common.tracing import trace_headers

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# Set by the gateway itself, never taken from the client.
GATEWAY_OWNED = frozenset(
    {
        "host",
        "x-request-id",
        "x-correlation-id",
        "x-forwarded-for",
        "x-real-ip",
        "x-forwarded-proto",
        "x-forwarded-host",
    }
    | {"traceparent", "tracestate"}  # replaced by the gateway's own span, which continues the caller's trace
)
INTERNAL_PREFIXES = ("x-user-", "x-internal-", "x-gateway-")


def strip_identity_headers(raw: Iterable[tuple[bytes, bytes]], *, keep_cookies: bool) -> list[tuple[str, str]]:
    """Client headers minus identity, hop-by-hop (incl. those `Connection` names) and gateway-owned ones."""
    pairs = [(name.decode("latin-1").lower(), value.decode("latin-1")) for name, value in raw]
    named_by_connection = {
        token.strip().lower() for name, value in pairs if name == "connection" for token in value.split(",")
    }
    dropped = HOP_BY_HOP | GATEWAY_OWNED | named_by_connection
    if not keep_cookies:
        dropped = dropped | {"cookie"}
    return [(name, value) for name, value in pairs if name not in dropped and not name.startswith(INTERNAL_PREFIXES)]


PROXY_SECRET_HEADER = "x-gateway-proxy-secret"  # noqa: S105 - a header name, not a secret


def client_ip(peer: str | None, headers: Mapping[str, str], settings: Settings) -> str:
    """The real client address: nginx's X-Real-IP / X-Forwarded-For only when the peer is a trusted
    proxy AND the request carries nginx's secret (any local process can connect from 127.0.0.1)."""
    if not peer:
        return "unknown"
    try:
        peer_address = ip_address(peer)
    except ValueError:
        return peer
    if not any(peer_address in network for network in settings.trusted_proxy_networks):
        return peer
    if not hmac.compare_digest(headers.get(PROXY_SECRET_HEADER, "").encode(), settings.nginx_proxy_secret.encode()):
        return peer
    forwarded = headers.get("x-real-ip") or headers.get("x-forwarded-for", "").split(",")[-1].strip()
    try:
        return str(ip_address(forwarded))
    except ValueError:
        return peer


def upstream_headers(
    client_headers: list[tuple[str, str]],
    settings: Settings,
    *,
    user_id: str,
    role: str,
    request_id: str,
    correlation_id: str,
    ip: str,
) -> list[tuple[str, str]]:
    signed = identity.signed_headers(
        settings.gateway_signing_secret,
        user_id=user_id,
        role=role,
        request_id=request_id,
        correlation_id=correlation_id,
    )
    return [*client_headers, *signed.items(), ("x-forwarded-for", ip), ("x-real-ip", ip), *trace_headers()]


RESPONSE_DROPPED = HOP_BY_HOP | {"server", "date", "x-request-id"}


def downstream_headers(raw: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Upstream response headers to pass on: every Set-Cookie kept, hop-by-hop dropped."""
    return [(name, value) for name, value in raw if name.decode("latin-1").lower() not in RESPONSE_DROPPED]
