"""The accounts tests' gateway client, and no rate-limit count carried from one test to the next."""

from collections.abc import Iterator

import pytest
from django.conf import settings

from apps.accounts.revocation import redis_client
from apps.accounts.tests.conftest import _clean_redis_keys, gateway  # noqa: F401 - fixtures used here too


@pytest.fixture(autouse=True)
def _fresh_mail_limits() -> Iterator[None]:
    yield
    client = redis_client()
    keys = list(client.scan_iter(match=f"{settings.REDIS_KEY_PREFIX}mail-limit:*"))
    if keys:
        client.delete(*keys)
