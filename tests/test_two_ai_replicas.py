"""Issue 20 item 1: a stateless AI service, proven with two replicas behind the gateway.

One stack with two ai-service processes (`ai`, `ai-2`) on a Chroma server (client/server mode), each
with its own unused embedded-Chroma directory, sharing PostgreSQL, Redis and the photo directory (a
shared volume in a cluster). The first two tests call the replicas directly (signed as the gateway
signs) so that which replica does what is certain; the last two go through nginx and the gateway.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.jobs import wait_for_job
from tests.photos import unique_photo
from tests.reliability.client import ApiClient, identity
from tests.stack import LocalStack, running_stack

pytestmark = pytest.mark.stack
PROCESSES = ("gateway", "auth", "user", "ai", "ai-worker", "nginx")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    with running_stack(tmp_path_factory.mktemp("two-ai"), only=PROCESSES, ai_replicas=2) as local:
        yield local


def _signed(stack: LocalStack, *, user_id: str, role: str) -> dict[str, str]:
    secret = stack.env["GATEWAY_SIGNING_SECRET"]
    return identity.signed_headers(secret, user_id=user_id, role=role, request_id=str(uuid.uuid4()))


def _direct(
    stack: LocalStack, replica: str, method: str, path: str, *, user_id: str, role: str, **kwargs: Any
) -> httpx.Response:
    headers = _signed(stack, user_id=user_id, role=role)
    return httpx.request(method, stack.ai_url(replica) + path, headers=headers, timeout=60, **kwargs)


def _requests_logged(stack: LocalStack, process: str, path: str) -> int:
    count = 0
    for line in stack.log_of(process).splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        count += entry.get("event") == "request" and entry.get("path") == path
    return count


def test_the_replicas_share_a_chroma_server_not_their_own_directories(replicas: LocalStack) -> None:
    assert replicas.env["CHROMA_HOST"] == "127.0.0.1" and "chroma" in replicas.processes
    for name in replicas.ai_processes:
        assert not (replicas.root / f"chroma-{name}" / "chroma.sqlite3").exists()


def test_a_document_ingested_through_one_replica_is_cited_by_a_query_to_the_other(replicas: LocalStack) -> None:
    admin, user = str(uuid.uuid4()), str(uuid.uuid4())
    code = f"QV-{uuid.uuid4().hex[:6].upper()}"
    document = f"---\ntitle: Dog vaccines\n---\n# Dog vaccines\n\nDogs need the Quorvax {code} vaccine every 2 years.\n"
    ingested = _direct(
        replicas, "ai", "POST", "/api/v1/rag/ingest", user_id=admin, role="admin",
        files={"file": ("quorvax-dogs.md", document.encode(), "text/markdown")}, data={"document_type": "health_info"},
    )  # fmt: skip
    assert ingested.status_code == 202, ingested.text  # indexed by the Celery worker, on the same Chroma server
    document_id = ingested.json()["data"]["document_id"]
    job = wait_for_job(
        lambda path: _direct(replicas, "ai-2", "GET", path, user_id=admin, role="admin"),
        ingested.json()["data"]["job_id"],
    )
    assert job["state"] == "succeeded", job

    replicas.ollama.set_mode("down")  # the extractive answer carries the fact itself
    try:
        answer = _direct(
            replicas, "ai-2", "POST", "/api/v1/rag/query", user_id=user, role="user",
            json={"question": "How often do dogs need the Quorvax vaccine?"},
        )  # fmt: skip
    finally:
        replicas.ollama.set_mode("ok")
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    assert code in data["answer"] and data["sources"][0]["document_id"] == document_id

    deleted = _direct(replicas, "ai-2", "DELETE", f"/api/v1/rag/documents/{document_id}", user_id=admin, role="admin")
    assert deleted.status_code == 200, deleted.text
    listed = _direct(replicas, "ai", "GET", "/api/v1/rag/documents", user_id=admin, role="admin").json()["data"]
    assert document_id not in {item["id"] for item in listed}


def test_a_photo_uploaded_through_one_replica_is_served_by_the_other(replicas: LocalStack, tmp_path: Path) -> None:
    user = str(uuid.uuid4())
    photo = unique_photo(tmp_path, ".png")
    analysed = _direct(
        replicas, "ai", "POST", "/api/v1/vision/analyze", user_id=user, role="user",
        files={"image": ("cat.png", photo.read_bytes(), "image/png")},
    )  # fmt: skip
    assert analysed.status_code == 200, analysed.text
    image_url = analysed.json()["data"]["image_url"]

    served = _direct(replicas, "ai-2", "GET", image_url, user_id=user, role="user")

    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    assert image_url.endswith(f"/{hashlib.sha256(served.content).hexdigest()}.png")
    stranger = _direct(replicas, "ai-2", "GET", image_url, user_id=str(uuid.uuid4()), role="user")
    assert stranger.status_code == 404  # the uploader check holds on every replica


def _uploaded_photo(api: ApiClient, tmp_path: Path) -> str:
    photo = unique_photo(tmp_path, ".png")
    response = api.request(
        "POST", "/api/v1/vision/analyze", files={"image": ("cat.png", photo.read_bytes(), "image/png")}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["data"]["image_url"])


def test_the_gateway_spreads_requests_over_both_replicas(replicas: LocalStack, tmp_path: Path) -> None:
    api = ApiClient(replicas).register()
    image_url = _uploaded_photo(api, tmp_path)

    statuses = [api.request("GET", image_url).status_code for _ in range(8)]

    assert statuses == [200] * 8
    served = {name: _requests_logged(replicas, name, image_url) for name in replicas.ai_processes}
    assert all(count >= 2 for count in served.values()), served


def test_killing_a_replica_mid_run_loses_no_request_the_gateway_can_retry(replicas: LocalStack, tmp_path: Path) -> None:
    api = ApiClient(replicas).register()
    image_url = _uploaded_photo(api, tmp_path)
    statuses: list[int] = []
    stop = threading.Event()

    def fetch_photos() -> None:  # idempotent reads, in flight while a replica dies
        while not stop.is_set():
            statuses.append(api.request("GET", image_url).status_code)

    reader = threading.Thread(target=fetch_photos)
    reader.start()
    try:
        time.sleep(1.5)
        replicas.kill("ai-2")
        time.sleep(2.0)
    finally:
        stop.set()
        reader.join(timeout=60)
    # A POST after the kill: the dead replica refuses the connection, so the gateway sends it to the other.
    photo = unique_photo(tmp_path, ".png")
    posts = [
        api.request("POST", "/api/v1/vision/analyze", files={"image": ("cat.png", photo.read_bytes(), "image/png")})
        for _ in range(4)
    ]

    assert len(statuses) >= 10 and set(statuses) == {200}, statuses
    assert "upstream_replica_skipped" in replicas.log_of("gateway")  # the dead replica was passed over
    assert [response.status_code for response in posts] == [200] * 4, [response.text[:200] for response in posts]
