"""What a session remembers about the device that opened it: a truncated user agent and a masked address."""

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

from apps.accounts.models import Session


def mask_ip(raw: str | None) -> str:
    """IPv4 keeps its /24 (`203.0.113.x`), IPv6 its /48 (`2001:db8:1::/48`); anything else is dropped."""
    if not raw:
        return ""
    try:
        address = ip_address(raw.strip())
    except ValueError:
        return ""
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if isinstance(address, IPv4Address):
        return ".".join(str(address).split(".")[:3]) + ".x"
    return str(ip_network(f"{address}/48", strict=False))


def truncate_user_agent(raw: str | None) -> str:
    return (raw or "").strip()[: Session.USER_AGENT_MAX_LENGTH]


@dataclass(frozen=True, slots=True)
class Device:
    user_agent: str = ""
    ip: str = ""  # already masked

    @classmethod
    def from_raw(cls, *, user_agent: str | None, ip: str | None) -> "Device":
        return cls(user_agent=truncate_user_agent(user_agent), ip=mask_ip(ip))
