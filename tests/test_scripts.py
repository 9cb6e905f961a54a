"""The platform scripts do what the Makefile promises."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.stack import REPO, procfile_commands


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=60)


def test_env_script_fills_every_secret_with_a_fresh_random_value(tmp_path: Path) -> None:
    first, second = tmp_path / "a.env", tmp_path / "b.env"
    run(str(REPO / "scripts/env.sh"), str(first))
    run(str(REPO / "scripts/env.sh"), str(second))
    values = dict(re.findall(r"(?m)^([A-Z_]+)=(.*)$", first.read_text()))
    assert "change-me" not in values.values()
    assert len(values["JWT_SECRET"]) >= 32
    assert values["JWT_SECRET"] != dict(re.findall(r"(?m)^([A-Z_]+)=(.*)$", second.read_text()))["JWT_SECRET"]
    assert values["GATEWAY_PORT"] == "8001"  # inline comment moved off the value line
    assert oct(first.stat().st_mode & 0o777) == "0o600"


def test_env_script_keeps_existing_values_and_only_adds_new_secrets(tmp_path: Path) -> None:
    target = tmp_path / ".env"
    target.write_text("JWT_SECRET=mine\n")
    run(str(REPO / "scripts/env.sh"), str(target))
    text = target.read_text()
    assert text.startswith("JWT_SECRET=mine\n")
    values = dict(re.findall(r"(?m)^([A-Z_]+)=(.*)$", text))
    assert values["JWT_SECRET"] == "mine"
    assert len(values["AUTH_DB_PASSWORD"]) >= 32 and len(values["REDIS_PASSWORD"]) >= 32
    assert "GATEWAY_PORT" not in values  # only secrets are added
    run(str(REPO / "scripts/env.sh"), str(target))
    assert target.read_text() == text  # a second run changes nothing


def test_render_nginx_refuses_to_run_without_a_certificate(tmp_path: Path) -> None:
    result = run(str(REPO / "scripts/render-nginx.sh"), str(tmp_path / "nginx"), env={"CERT_DIR": str(tmp_path)})
    assert result.returncode != 0 and "make certs" in result.stderr


def test_procfile_defines_every_service_and_nginx() -> None:
    commands = procfile_commands()
    # *-worker / *-beat: Celery (docs/scaling.md, erasure retries: docs/privacy.md); chroma: the Chroma server
    # for several ai replicas (docs/scaling.md)
    assert set(commands) == {
        "gateway", "auth", "user", "ai", "nginx", "chroma", "auth-worker", "auth-beat", "ai-worker", "ai-beat",
        "maildev",
    }  # fmt: skip
    assert "--ip 127.0.0.1" in commands["maildev"] and "--web-ip 127.0.0.1" in commands["maildev"]  # loopback only
    assert all("127.0.0.1" in commands[name] for name in ("gateway", "auth", "user", "ai"))
