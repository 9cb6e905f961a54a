"""scripts/datastores.sh starts what is missing: here a password-protected Redis on a free port."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.stack import REPO, free_port

PASSWORD = secrets.token_hex(16)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    url = f"redis://:{PASSWORD}@127.0.0.1:{free_port()}/0"
    yield url, tmp_path
    with contextlib.suppress(redis.exceptions.ConnectionError):  # shutdown closes the connection
        redis.Redis.from_url(url).shutdown(nosave=True)


def test_a_missing_local_redis_is_started_with_the_password_of_redis_url(redis_url: tuple[str, Path]) -> None:
    url, directory = redis_url
    env = {**os.environ, "REDIS_URL": url, "REDIS_DIR": str(directory)}
    result = subprocess.run(
        [str(REPO / "scripts/datastores.sh")], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert redis.Redis.from_url(url).ping() is True
    anonymous = redis.Redis.from_url(url.replace(url.split("@")[0] + "@", "redis://"))
    with pytest.raises(redis.exceptions.AuthenticationError):
        anonymous.ping()
    assert PASSWORD not in subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
