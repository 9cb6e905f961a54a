"""scripts/datastores.sh starts what is missing: here a password-protected Redis on a free port."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import time
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


def _shutdown(url: str) -> None:
    with contextlib.suppress(redis.exceptions.ConnectionError):
        redis.Redis.from_url(url).shutdown(nosave=True)


def test_make_dev_gets_its_own_password_protected_redis_when_redis_url_has_no_password(tmp_path: Path) -> None:
    # The shared, unauthenticated REDIS_URL (what tests and CI use) stays as it is; `datastores.sh dev`
    # starts the local stack's own Redis, with REDIS_PASSWORD, on DEV_REDIS_PORT.
    port = free_port()
    url = f"redis://:{PASSWORD}@127.0.0.1:{port}/0"
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "REDIS_PASSWORD": PASSWORD,
        "DEV_REDIS_PORT": str(port),
        "DEV_REDIS_DIR": str(tmp_path / "redis-dev"),
    }
    try:
        result = subprocess.run(
            [str(REPO / "scripts/datastores.sh"), "dev"], env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        assert redis.Redis.from_url(url).ping() is True
        with pytest.raises(redis.exceptions.AuthenticationError):
            redis.Redis(host="127.0.0.1", port=port).ping()
        assert redis.Redis.from_url(url).config_get("appendonly") == {"appendonly": "yes"}  # revocations persist
        chosen = subprocess.run(
            ["bash", "-c", f"source {REPO}/scripts/lib.sh && dev_redis_url"], env=env, capture_output=True, text=True
        )
        assert chosen.stdout.strip() == url
        assert PASSWORD not in subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    finally:
        _shutdown(url)


def test_a_redis_without_a_password_is_refused_where_one_with_a_password_is_expected(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        open_client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(50):
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if open_client.ping():
                    break
            time.sleep(0.1)
        env = {**os.environ, "REDIS_URL": f"redis://:{PASSWORD}@127.0.0.1:{port}/0"}
        result = subprocess.run(
            [str(REPO / "scripts/datastores.sh")], env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode != 0
        assert "without a password" in result.stderr
    finally:
        server.terminate()
        server.wait(10)
