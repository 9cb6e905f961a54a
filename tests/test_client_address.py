"""One trusted source for the client address, on the local stack (nginx -> uvicorn gateway -> services).

A client that sends X-Forwarded-For / X-Real-IP, through nginx or straight to the gateway's port, keeps
the address it connects from: the per-address login-failure limit still counts it, and the session list
shows the real (masked) address. The app servers do no proxy-header rewriting of their own.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
import pytest

from tests.stack import REPO, LocalStack

pytestmark = pytest.mark.stack

PASSWORD = "correct horse battery 42"


def _forged(n: int) -> dict[str, str]:
    address = f"203.0.113.{n % 250 + 1}"
    return {"X-Forwarded-For": address, "X-Real-IP": address}


def _register(stack: LocalStack) -> str:
    email = f"addr-{uuid.uuid4().hex[:10]}@example.com"
    with httpx.Client(base_url=stack.base_url, verify=False, timeout=60) as client:
        response = client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Ada"})
    assert response.status_code == 201, response.text
    return email


@pytest.mark.parametrize("door", ["nginx", "gateway port"])
def test_a_forged_forwarded_for_does_not_escape_the_per_address_failure_limit(stack: LocalStack, door: str) -> None:
    email = _register(stack)
    base = stack.base_url if door == "nginx" else stack.gateway_url
    statuses = []
    with httpx.Client(base_url=base, verify=False, timeout=60) as client:
        for n in range(6):  # LOGIN_FAILURES_PER_ADDRESS is 5: each try claims another address
            wrong = {"email": email, "password": f"wrong password {n}"}
            statuses.append(client.post("/api/v1/auth/login", json=wrong, headers=_forged(n)).status_code)
    assert statuses == [401] * 5 + [429]


def test_the_session_list_shows_the_address_the_client_connects_from(stack: LocalStack) -> None:
    email = _register(stack)
    with httpx.Client(base_url=stack.base_url, verify=False, timeout=60) as client:
        login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}, headers=_forged(7))
        assert login.status_code == 200, login.text
        sessions = client.get("/api/v1/auth/sessions", headers=_forged(8)).json()["data"]
    assert {session["ip"] for session in sessions} == {"127.0.0.x"}


def _commands() -> dict[str, str]:
    """Every app-server command line: Procfile.dev, the Dockerfiles' CMDs and the k8s manifests."""
    found = {}
    paths = [REPO / "Procfile.dev", *REPO.glob("scripts/*.sh"), *REPO.glob("*/Dockerfile")]
    for path in [*paths, *REPO.glob("deploy/k8s/**/*.yaml")]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\b(uvicorn|gunicorn)\b", line) and not line.lstrip().startswith("#"):
                found[f"{path.relative_to(REPO)}:{number}"] = line
    return found


def test_no_app_server_rewrites_the_client_address_from_proxy_headers() -> None:
    commands = _commands()
    uvicorn = {where: line for where, line in commands.items() if re.search(r"uvicorn\W.*--factory", line)}
    assert len(uvicorn) >= 7  # gateway and ai: Procfile, Dockerfile, k8s; scripts/dev-ai.sh
    assert [where for where, line in uvicorn.items() if "--no-proxy-headers" not in line] == []
    assert [where for where, line in commands.items() if "forwarded-allow-ips" in line] == []
    for service in ("auth-service", "user-service"):  # gunicorn believes no peer's X-Forwarded-* either
        assert "forwarded_allow_ips" in (REPO / service / "gunicorn.conf.py").read_text()
    shared = Path(REPO / "libs/smartbreeds-common/smartbreeds_common/django/gunicorn.py").read_text()
    assert 'forwarded_allow_ips = ""' in shared


def _environment_of(pid: int) -> set[str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return {entry.split(b"=", 1)[0].decode() for entry in raw.split(b"\0") if entry}


def test_jwt_secret_reaches_only_the_processes_that_sign_or_verify_tokens(stack: LocalStack) -> None:
    # JWT_SECRET can mint an admin token: the user and AI services and nginx never get it.
    holders = {name for name, process in stack.processes.items() if "JWT_SECRET" in _environment_of(process.pid)}
    assert holders == {"gateway", "auth", "auth-worker"} & set(stack.processes)
