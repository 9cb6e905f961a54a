"""Sessions never store a full client address nor an unbounded user agent."""

import pytest

from apps.accounts.client_info import Device, mask_ip, truncate_user_agent


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("203.0.113.77", "203.0.113.x"),
        (" 198.51.100.1 ", "198.51.100.x"),
        ("::ffff:203.0.113.9", "203.0.113.x"),
        ("2001:db8:abcd:12:3456::1", "2001:db8:abcd::/48"),
        ("unknown", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_ip(raw: str | None, masked: str) -> None:
    assert mask_ip(raw) == masked


def test_user_agent_is_truncated() -> None:
    assert truncate_user_agent("a" * 1000) == "a" * 255
    assert truncate_user_agent(None) == ""


def test_device_from_raw_masks_and_truncates() -> None:
    assert Device.from_raw(user_agent=" Safari ", ip="192.0.2.200") == Device(user_agent="Safari", ip="192.0.2.x")
