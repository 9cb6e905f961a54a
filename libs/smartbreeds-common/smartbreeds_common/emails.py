"""One email normalisation for every place that compares addresses (the gateway's per-email rate-limit
buckets, the auth service's lookups and uniqueness), so look-alikes such as `ſ` for `s` or a
full-width `＠` never get a bucket or an account of their own."""

import unicodedata


def normalize_email(email: str) -> str:
    """NFKC, then case folding, then surrounding whitespace removed.

    NFKC maps compatibility characters to their plain forms (`ſ` -> `s`, `ｅ` -> `e`, `＠` -> `@`);
    casefold is the Unicode-aware lower(): two addresses a person reads as the same compare equal.
    """
    return unicodedata.normalize("NFKC", email).casefold().strip()
