import hashlib

from smartbreeds_common import revocation


def test_keys_carry_the_prefix_and_never_the_raw_jti() -> None:
    jti = "abc123"
    key = revocation.blacklist_key("p:", jti)
    assert key == f"p:blacklist:token:{hashlib.sha256(jti.encode()).hexdigest()}"
    assert jti not in key.removeprefix("p:blacklist:token:")
    assert revocation.session_revoked_key("p:", "s") == "p:revoked:session:s"
    assert revocation.user_revoked_key("p:", "u") == "p:revoked:user:u"


def test_no_mark_voids_nothing() -> None:
    assert not revocation.issued_before_mark(1764452345.123, None)


def test_only_tokens_issued_before_the_mark_are_void() -> None:
    assert revocation.issued_before_mark(1764452345.122, "1764452345.123")
    assert not revocation.issued_before_mark(1764452345.123, b"1764452345.123")
    assert not revocation.issued_before_mark(1764452345.124, "1764452345.123")
