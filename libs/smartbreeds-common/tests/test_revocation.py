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


def test_the_version_key_carries_the_prefix() -> None:
    assert revocation.user_version_key("p:", "u") == "p:revoked:authority:u"


def test_only_tokens_of_an_older_authority_version_are_void() -> None:
    assert not revocation.authority_outdated(3, None)
    assert revocation.authority_outdated(2, b"3")
    assert not revocation.authority_outdated(3, "3")
    assert not revocation.authority_outdated(4, "3")


def test_a_token_without_av_is_version_zero_and_a_bad_av_is_refused() -> None:
    assert revocation.token_version({}) == 0
    assert revocation.token_version({"av": 5}) == 5
    for bad in (True, "5", -1, 1.5):
        try:
            revocation.token_version({"av": bad})
        except ValueError:
            continue
        raise AssertionError(f"av={bad!r} was accepted")
