"""The real client address: forwarded headers are believed only from a trusted proxy (nginx)."""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from starlette.requests import Request

Network = IPv4Network | IPv6Network


def _parse(value: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: IPv4Address | IPv6Address, networks: Sequence[Network]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: Request, trusted: Sequence[Network]) -> str:
    peer_text = request.client.host if request.client else ""
    peer = _parse(peer_text)
    if peer is None or not _trusted(peer, trusted):
        return peer_text or "unknown"
    # Walk X-Forwarded-For from the right: the first hop our proxies did not add is the client.
    hops = [hop for header in request.headers.getlist("x-forwarded-for") for hop in header.split(",")]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break
        if not _trusted(address, trusted):
            return str(address)
    real_ip = _parse(request.headers.get("x-real-ip", ""))
    if real_ip is not None:
        return str(real_ip)
    return peer_text
