"""The whole stack in real containers (issue 24): built from the Dockerfiles, started by Compose,
driven through nginx's published HTTPS port, then checked from inside the containers.
Runs through `make test-compose` only (tests/compose/conftest.py)."""

from __future__ import annotations

import io
import json
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.compose.stack import REPO, ComposeStack
from tests.photos import unique_photo

PASSWORD = "correct horse battery 42"
FINISHED = ("succeeded", "failed", "cancelled")  # a job's last states
# The non-root uid every service's processes run as (the fake Ollama stands in for the real one).
UIDS = {
    "nginx": 101, "api-gateway": 10001, "auth-service": 10001, "user-service": 10001, "ai-service": 10001,
    "chroma": 10001, "auth-worker": 10001, "auth-beat": 10001, "ai-worker": 10001, "ai-beat": 10001, "ollama": 10001, "postgres": 70, "redis": 999,
    "prometheus": 65534,
}  # fmt: skip
CONNECT = "import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5); print('connected')"


def connect(host: str, port: int) -> str:
    return CONNECT.replace("sys.argv[1]", repr(host)).replace("int(sys.argv[2])", str(port))


@pytest.fixture(scope="module")
def stack() -> Iterator[ComposeStack]:
    compose = ComposeStack()
    try:
        compose.compose("build")
        compose.up()
        yield compose
    finally:
        compose.down(volumes=True)


def client(stack: ComposeStack) -> httpx.Client:
    return httpx.Client(base_url=stack.base_url, verify=False, timeout=120)


@pytest.fixture(scope="module")
def account(stack: ComposeStack) -> dict[str, str]:
    email = f"u-{uuid.uuid4().hex[:10]}@example.com"
    with client(stack) as anonymous:
        registered = anonymous.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Ada"})
    assert registered.status_code == 201, registered.text
    return {"email": email}


def login(stack: ComposeStack, email: str) -> httpx.Client:
    session = client(stack)
    response = session.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return session


def test_every_service_is_healthy_and_the_model_pull_finished(stack: ComposeStack) -> None:
    containers = stack.containers()
    assert set(UIDS) <= set(containers), set(UIDS) - set(containers)
    pull = stack.inspect("ollama-pull")["State"]
    assert pull["Status"] == "exited" and pull["ExitCode"] == 0


def test_a_user_analyses_a_photo_saves_a_pet_asks_the_knowledge_base(
    stack: ComposeStack, account: dict[str, str], tmp_path: Path
) -> None:
    # The admin is created the documented way: `make create-admin` against the containers.
    admin_email = f"admin-{uuid.uuid4().hex[:8]}@example.com"
    stack.run(["make", "-s", "create-admin", "DOCKER=1", f"EMAIL={admin_email}", f"PASSWORD={PASSWORD}"])
    fact = f"Cats need the Zorblax ZX-{uuid.uuid4().hex[:6].upper()} vaccine every 3 years."
    document = f"---\ntitle: Cat vaccine codes\ndocument_type: health_info\n---\n# Cat vaccines\n\n{fact}\n"
    with login(stack, admin_email) as admin:
        ingested = admin.post("/api/v1/rag/ingest", files={"file": ("zorblax-cats.md", document.encode(), "text/markdown")},
                              data={"document_type": "health_info"})  # fmt: skip
        assert ingested.status_code == 202, ingested.text  # indexed by the ai-worker container
        accepted = ingested.json()["data"]
        deadline = time.monotonic() + 300
        while (job := admin.get(f"/api/v1/jobs/{accepted['job_id']}").json()["data"])["state"] not in FINISHED:
            assert time.monotonic() < deadline, job
            time.sleep(1)
        assert job["state"] == "succeeded", job
    document_id = accepted["document_id"]

    with login(stack, account["email"]) as user:
        photo = unique_photo(tmp_path)
        analysed = user.post("/api/v1/pets/analyze", files={"image": (photo.name, photo.read_bytes(), "image/png")})
        assert analysed.status_code == 200, analysed.text
        analysis = analysed.json()["data"]
        assert analysis["species"] == "cat"
        pet = user.post("/api/v1/pets", json={"name": "Chelsea", "species": "cat", "breed": analysis["breed"]})
        assert pet.status_code == 201, pet.text
        answer = user.post("/api/v1/rag/query", json={"question": "How often do cats need the Zorblax vaccine?"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["data"]["sources"][0]["document_id"] == document_id


def test_backend_has_no_egress_and_only_nginx_publishes_ports(stack: ComposeStack) -> None:
    outside = ("deb.debian.org", 80)
    assert "connected" in stack.probe("proxy", connect(*outside)).stdout  # the control: proxy has a route out
    assert "connected" not in stack.probe("backend", connect(*outside)).stdout
    for service, cid in stack.containers().items():
        ports = stack.run([stack.engine, "port", cid], check=False).stdout.strip()
        assert bool(ports) == (service == "nginx"), (service, ports)


def test_datastores_are_unreachable_from_the_proxy_network(stack: ComposeStack) -> None:
    assert "connected" in stack.probe("backend", connect("postgres", 5432)).stdout  # the control
    for service, port in (("postgres", 5432), ("redis", 6379)):
        address = next(iter(stack.inspect(service)["NetworkSettings"]["Networks"].values()))["IPAddress"]
        for host in (service, address):
            assert "connected" not in stack.probe("proxy", connect(host, port)).stdout, (service, host)


def test_every_process_runs_as_its_non_root_uid_without_capabilities(stack: ComposeStack) -> None:
    for service, uid in UIDS.items():
        status = stack.exec(service, "sh", "-c", "cat /proc/[0-9]*/status").stdout
        uids = {int(line.split()[1]) for line in status.splitlines() if line.startswith("Uid:")}
        assert uids == {uid}, (service, uids)
        effective = {line.split()[1] for line in status.splitlines() if line.startswith("CapEff:")}
        assert effective == {"0000000000000000"}, (service, effective)


def test_root_file_systems_are_read_only(stack: ComposeStack) -> None:
    for service in UIDS:
        assert stack.inspect(service)["HostConfig"]["ReadonlyRootfs"] is True, service
        written = stack.exec(service, "sh", "-c", "touch /probe-write || touch /etc/probe-write", check=False)
        assert written.returncode != 0 and "Read-only file system" in written.stderr, (service, written.stderr)


def _data_is_there(stack: ComposeStack, email: str) -> None:
    with login(stack, email) as user:
        pets = user.get("/api/v1/pets").json()["data"]
        assert [pet["name"] for pet in pets] == ["Chelsea"]


@pytest.mark.parametrize("service", ["postgres", "redis", "auth-service", "user-service", "ai-service",
                                     "api-gateway", "nginx", "ollama"])  # fmt: skip
def test_restarting_one_service_recovers_without_data_loss(
    stack: ComposeStack, account: dict[str, str], service: str
) -> None:
    stack.compose("restart", service)
    stack.wait_healthy(timeout=300)
    _data_is_there(stack, account["email"])


def test_data_survives_down_and_up(stack: ComposeStack, account: dict[str, str]) -> None:
    stack.down(volumes=False)
    stack.compose("up", "-d")
    stack.wait_healthy()
    _data_is_there(stack, account["email"])


def test_backup_then_export_and_delete_the_account(stack: ComposeStack, account: dict[str, str]) -> None:
    backup = REPO / "var/backups" / f"{stack.project}.dump"
    stack.run(["make", "-s", "db-backup", "DOCKER=1", f"FILE={backup}"])
    assert backup.stat().st_size > 0
    backup.unlink()
    with login(stack, account["email"]) as user:
        exported = user.get("/api/v1/users/me/export")
        assert exported.status_code == 200, exported.text
        with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
            data = json.loads(archive.read("account.json"))
        assert [pet["name"] for pet in data["pets"]] == ["Chelsea"]
        deleted = user.request("DELETE", "/api/v1/users/me", json={"password": PASSWORD})
        assert deleted.status_code == 200, deleted.text
    with client(stack) as anonymous:
        again = anonymous.post("/api/v1/auth/login", json={"email": account["email"], "password": PASSWORD})
        assert again.status_code == 401


def test_data_is_gone_after_down_with_volumes(stack: ComposeStack) -> None:
    stack.down(volumes=True)
    volumes = stack.run([stack.engine, "volume", "ls", "-q"]).stdout.split()
    assert not [volume for volume in volumes if volume.startswith(f"{stack.project}_")]
