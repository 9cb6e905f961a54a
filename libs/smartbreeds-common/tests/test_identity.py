import time

import pytest

from smartbreeds_common import identity

SECRET = "test-secret"


def _headers(**overrides: str) -> dict[str, str]:
    headers = identity.signed_headers(SECRET, user_id="u1", role="user", request_id="r1")
    headers.update(overrides)
    return headers


def test_signed_headers_verify() -> None:
    ident = identity.verify(SECRET, _headers())
    assert (ident.user_id, ident.role, ident.request_id) == ("u1", "user", "r1")


@pytest.mark.parametrize(
    "overrides",
    [{identity.USER_ROLE_HEADER: "admin"}, {identity.USER_ID_HEADER: "u2"}, {identity.REQUEST_ID_HEADER: "r2"}],
)
def test_any_tampered_field_is_refused(overrides: dict[str, str]) -> None:
    with pytest.raises(identity.IdentityError):
        identity.verify(SECRET, _headers(**overrides))


def test_wrong_secret_is_refused() -> None:
    with pytest.raises(identity.IdentityError):
        identity.verify("other", _headers())


def test_missing_signature_is_refused() -> None:
    with pytest.raises(identity.IdentityError):
        identity.verify(SECRET, {identity.USER_ID_HEADER: "u1", identity.USER_ROLE_HEADER: "admin"})


def test_stale_signature_is_refused() -> None:
    with pytest.raises(identity.IdentityError):
        identity.verify(SECRET, _headers(), now=time.time() + identity.MAX_CLOCK_SKEW_SECONDS + 5)
