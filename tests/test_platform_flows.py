"""The contract's main flows end to end through nginx -> gateway -> services on the local stack,
with the fake Ollama: the "done when" of the identity, pets, vision, knowledge-base and
recommendation issues."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.jobs import wait_for_job
from tests.photos import CHELSEA, unique_photo
from tests.stack import LocalStack

pytestmark = pytest.mark.stack

PASSWORD = "correct horse battery 42"


def _client(stack: LocalStack) -> httpx.Client:
    return httpx.Client(base_url=stack.base_url, verify=False, timeout=60)


def _register(stack: LocalStack) -> httpx.Client:
    client = _client(stack)
    response = client.post(
        "/api/v1/auth/register",
        json={"email": f"u-{uuid.uuid4().hex[:10]}@example.com", "password": PASSWORD, "name": "Ada"},
    )
    assert response.status_code == 201, response.text
    return client


@pytest.fixture
def user(stack: LocalStack) -> Iterator[httpx.Client]:
    client = _register(stack)
    yield client
    client.close()


@pytest.fixture(scope="module")
def admin(stack: LocalStack) -> Iterator[httpx.Client]:
    email = stack.create_admin(PASSWORD)
    client = _client(stack)
    assert client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    yield client
    client.close()


def test_cookies_carry_the_contract_attributes(stack: LocalStack) -> None:
    with _client(stack) as client:
        response = client.post(
            "/api/v1/auth/register",
            json={"email": f"c-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD, "name": "C"},
        )
    cookies = {c.split("=", 1)[0]: c for c in response.headers.get_list("set-cookie")}
    assert {"HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age=86400"} <= {
        p.strip() for p in cookies["__Host-access_token"].split(";")
    }
    assert "Path=/api/v1/auth/refresh" in cookies["refresh_token"] and "Max-Age=604800" in cookies["refresh_token"]


def test_logout_makes_the_old_access_cookie_useless(stack: LocalStack, user: httpx.Client) -> None:
    old_access = user.cookies.get("__Host-access_token")
    assert old_access is not None
    assert user.get("/api/v1/auth/me").status_code == 200
    assert user.post("/api/v1/auth/logout").status_code == 200
    with _client(stack) as replayer:
        replayer.cookies.set("__Host-access_token", old_access)
        replay = replayer.get("/api/v1/auth/me")
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "TOKEN_REVOKED"


def test_refresh_reuse_revokes_the_session(stack: LocalStack, user: httpx.Client) -> None:
    first_refresh = next(c.value for c in user.cookies.jar if c.name == "refresh_token")
    assert first_refresh is not None
    assert user.post("/api/v1/auth/refresh").status_code == 200
    with _client(stack) as attacker:
        attacker.cookies.set("refresh_token", first_refresh, path="/api/v1/auth/refresh")
        reused = attacker.post("/api/v1/auth/refresh")
    assert reused.json()["error"]["code"] == "TOKEN_REUSED"
    assert user.post("/api/v1/auth/refresh").status_code == 401  # the rotated token died with the session


def test_login_answers_the_same_for_unknown_email_and_wrong_password(stack: LocalStack, user: httpx.Client) -> None:
    email = user.get("/api/v1/auth/me").json()["data"]["user"]["email"]
    with _client(stack) as client:
        wrong = client.post("/api/v1/auth/login", json={"email": email, "password": "wrong password 99"})
        unknown = client.post("/api/v1/auth/login", json={"email": "nobody-" + email, "password": "wrong password 99"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"] == unknown.json()["error"]


def test_pets_are_private_to_their_owner(stack: LocalStack, user: httpx.Client) -> None:
    created = user.post(
        "/api/v1/pets", json={"name": "Rex", "species": "dog", "breed": "Golden Retriever", "age": 40, "weight": 30}
    )
    assert created.status_code == 201, created.text
    pet_id = created.json()["data"]["id"]
    assert user.get(f"/api/v1/pets/{pet_id}").json()["data"]["name"] == "Rex"
    other = _register(stack)
    for method in ("GET", "PATCH", "DELETE"):
        response = other.request(method, f"/api/v1/pets/{pet_id}", json={"name": "Mine"} if method == "PATCH" else None)
        assert response.status_code == 404 and response.json()["error"]["code"] == "PET_NOT_FOUND", method
    other.close()
    assert user.get(f"/api/v1/pets/{pet_id}").json()["data"]["name"] == "Rex"


def _upload(client: httpx.Client, path: str = "/api/v1/pets/analyze", **data: str) -> httpx.Response:
    return client.post(path, files={"image": ("chelsea.png", Path(CHELSEA).read_bytes(), "image/png")}, data=data)


def test_cat_photo_without_ollama_is_a_degraded_cat(stack: LocalStack, user: httpx.Client, tmp_path: Path) -> None:
    # Bytes no other test sends: an answer cached (with the VLM) by an earlier test must not answer.
    photo = unique_photo(tmp_path, ".jpg")
    stack.ollama.set_mode("down")
    try:
        response = user.post(
            "/api/v1/vision/analyze", files={"image": ("chelsea.jpg", photo.read_bytes(), "image/jpeg")}
        )
    finally:
        stack.ollama.set_mode("ok")
    data = response.json()["data"]
    assert response.status_code == 200, response.text
    assert data["species"] == "cat" and data["degraded"] == ["vision_llm"]
    photo_response = user.get(data["image_url"])  # the AI service serves the stored photo to its uploader
    assert photo_response.status_code == 200
    # The stored copy is re-encoded without metadata and named by its own hash (docs/privacy.md).
    assert data["image_url"].endswith(f"/{hashlib.sha256(photo_response.content).hexdigest()}.jpg")
    assert photo_response.headers["content-type"] == "image/jpeg"
    other = _register(stack)
    refused = other.get(data["image_url"])
    other.close()
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "UPLOAD_NOT_FOUND")


def test_pet_analysis_with_the_fake_ollama_is_saved_to_the_pet(stack: LocalStack, user: httpx.Client) -> None:
    pet_id = user.post("/api/v1/pets", json={"name": "Chelsea", "species": "cat"}).json()["data"]["id"]
    response = _upload(user, pet_id=pet_id)
    assert response.status_code == 200, response.text
    analysis = response.json()["data"]
    assert analysis["species"] == "cat" and "vision_llm" not in analysis["degraded"]
    assert any(r["path"] == "/api/chat" for r in stack.ollama.requests)
    assert analysis["recommendations"] and all(item["explanation"] for item in analysis["recommendations"])
    history = user.get(f"/api/v1/pets/{pet_id}/analyses").json()["data"]
    assert history[0]["breed_detected"] == analysis["breed"]
    assert user.get(f"/api/v1/pets/{pet_id}").json()["data"]["breed"] == analysis["breed"]


def test_admin_ingests_a_document_and_a_user_gets_its_fact_cited(
    stack: LocalStack, admin: httpx.Client, user: httpx.Client
) -> None:
    code = f"ZX-{uuid.uuid4().hex[:6].upper()}"
    fact = f"Cats need the Zorblax {code} vaccine every 3 years."
    front_matter = "---\ntitle: Cat vaccine codes\ndocument_type: health_info\n---\n"
    document = f"{front_matter}# Cat vaccines\n\n{fact} Give it yearly.\n"
    ingested = admin.post(
        "/api/v1/rag/ingest",
        files={"file": ("zorblax-cats.md", document.encode(), "text/markdown")},
        data={"document_type": "health_info"},
    )
    assert ingested.status_code == 202, ingested.text  # indexed by the stack's Celery worker
    document_id = ingested.json()["data"]["document_id"]
    assert wait_for_job(admin.get, ingested.json()["data"]["job_id"])["state"] == "succeeded"
    assert user.post("/api/v1/rag/ingest", files={"file": ("x.md", b"# x\n\nhello world text", "text/markdown")},
                     data={"document_type": "care"}).status_code == 403  # fmt: skip
    stack.ollama.set_mode("down")  # the extractive answer must carry the fact itself
    try:
        question = {"question": "How often do cats need the Zorblax vaccine?"}
        response = user.post("/api/v1/rag/query", json=question)
    finally:
        stack.ollama.set_mode("ok")
    assert response.status_code == 200, response.text
    answer = response.json()["data"]
    assert code in answer["answer"] and "every 3 years" in answer["answer"]
    assert answer["sources"][0]["document_id"] == document_id
    assert admin.delete(f"/api/v1/rag/documents/{document_id}").status_code == 200


def test_a_dog_gets_ten_ranked_explained_recommendations(user: httpx.Client) -> None:
    pet_id = user.post(
        "/api/v1/pets", json={"name": "Goldie", "species": "dog", "breed": "Golden Retriever", "age": 96, "weight": 32,
                              "health_conditions": ["hip dysplasia"]},
    ).json()["data"]["id"]  # fmt: skip
    response = user.post("/api/v1/recommendations", json={"pet_id": pet_id})
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert len(data["products"]) == len(data["scores"]) == len(data["explanations"]) == 10
    assert data["scores"] == sorted(data["scores"], reverse=True) and all(0 <= s <= 1 for s in data["scores"])
    assert all(explanation.strip() for explanation in data["explanations"])
    dashboard = user.get("/api/v1/dashboard").json()["data"]
    assert dashboard["degraded"] == [] and dashboard["pets"][0]["id"] == pet_id
