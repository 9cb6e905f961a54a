import pytest

from smartbreeds_common.emails import normalize_email


@pytest.mark.parametrize(
    ("lookalike", "plain"),
    [
        ("\u017fam@example.com", "sam@example.com"),  # long s
        ("\uff53am@example.com", "sam@example.com"),  # full-width s
        ("sam\uff20example.com", "sam@example.com"),  # full-width @
        ("  SAM@Example.COM ", "sam@example.com"),
        ("stra\u00dfe@example.com", "strasse@example.com"),  # casefold, not lower()
        ("\u212aelvin@example.com", "kelvin@example.com"),  # Kelvin sign
    ],
)
def test_lookalikes_normalise_to_the_plain_address(lookalike: str, plain: str) -> None:
    assert normalize_email(lookalike) == plain


def test_normalisation_is_idempotent() -> None:
    once = normalize_email("\u017f\uff41m\uff20Example.com")
    assert normalize_email(once) == once


def test_distinct_addresses_stay_distinct() -> None:
    assert normalize_email("sam@example.com") != normalize_email("sam@example.org")
