"""The one rule every service applies to its secrets at start-up: at least 32 bytes outside tests.

HMAC-SHA256 keys (JWT_SECRET, GATEWAY_SIGNING_SECRET) and Django's SECRET_KEY shorter than the hash
output can be guessed offline from one signed value; `make env` generates 64-character ones.
"""

from collections.abc import Mapping

MIN_SECRET_BYTES = 32


def short_secrets_error(secrets: Mapping[str, str], *, environment: str) -> str | None:
    """A message naming every secret shorter than MIN_SECRET_BYTES (None when all are long enough).

    ENVIRONMENT=test is exempt: the services' own test settings use short fixed secrets.
    """
    if environment == "test":
        return None
    short = [name for name, value in secrets.items() if len(value.encode("utf-8")) < MIN_SECRET_BYTES]
    if not short:
        return None
    return (
        f"{', '.join(short)} must be at least {MIN_SECRET_BYTES} bytes long "
        "(generate random ones with `make env`, or e.g. `openssl rand -base64 48`)"
    )
