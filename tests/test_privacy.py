"""Issue 14 through the real path (gateway -> services, real PostgreSQL, Redis, upload directory,
the erasure worker of Procfile.dev, fake Ollama): deletion reaches every service (also when the AI
service was down), the export zip, photos stored without GPS, refused photos leave nothing, quota."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from tests.photos import CHELSEA, unique_photo
from tests.stack import REPO, LocalStack, procfile_commands, running_stack

pytestmark = pytest.mark.stack

PASSWORD = "a long enough passphrase 42"
SCHEMAS = ("auth_schema", "user_schema", "ai_schema")
ERASURE_DEADLINE_SECONDS = 30
PROCESSES = (
    "gateway",
    "auth",
    "user",
    "ai",
    "ai-worker",
    "auth-worker",
    "auth-beat",
)  # erasure: beat + worker; batch jobs: ai-worker
# A JPEG of Chelsea with a GPS block, an orientation tag and a comment (Pillow in the AI service's venv).
_GPS_JPEG = """
import sys
from PIL import ExifTags, Image
exif = Image.Exif()
exif[ExifTags.Base.Make] = "PhoneCo"
exif[ExifTags.Base.Orientation] = 6
gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
gps[ExifTags.GPS.GPSLatitudeRef] = "N"
gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 29.5)
gps[ExifTags.GPS.GPSLongitudeRef] = "E"
gps[ExifTags.GPS.GPSLongitude] = (2.0, 17.0, 40.0)
image = Image.open(sys.argv[1]).convert("RGB")
image.save(sys.argv[2], format="JPEG", quality=90, exif=exif, comment=b"12 Rue Example")
"""


@pytest.fixture(scope="module")
def privacy_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    overrides = {
        "ERASURE_POLL_SECONDS": "0.2",
        "ERASURE_BACKOFF_BASE_SECONDS": "0.5",
        "ERASURE_BACKOFF_MAX_SECONDS": "2",
        "UPLOAD_QUOTA_COUNT": "3",
    }
    with running_stack(tmp_path_factory.mktemp("privacy-stack"), only=PROCESSES, overrides=overrides) as local:
        yield local


class User:
    """A registered user talking to the gateway directly (cookies passed explicitly: they are Secure)."""

    def __init__(self, stack: LocalStack) -> None:
        self.stack = stack
        self.email = f"privacy-{uuid.uuid4().hex[:10]}@example.com"
        body = {"email": self.email, "password": PASSWORD, "name": "Priya Vance"}
        response = httpx.post(f"{stack.gateway_url}/api/v1/auth/register", json=body)
        assert response.status_code == 201, response.text
        self.id = response.json()["data"]["user"]["id"]
        self.token = response.cookies["__Host-access_token"]

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        cookies = {"__Host-access_token": self.token}
        return httpx.request(method, self.stack.gateway_url + path, cookies=cookies, timeout=60, **kwargs)

    def analyze(self, photo: bytes, name: str = "pet.jpg", **data: str) -> httpx.Response:
        files = {"image": (name, photo, "application/octet-stream")}
        return self.request("POST", "/api/v1/pets/analyze", files=files, data=data)


def _gps_jpeg(tmp_path: Path) -> bytes:
    source = unique_photo(tmp_path, ".png")
    target = tmp_path / f"gps-{uuid.uuid4().hex[:6]}.jpg"
    python = REPO / "ai-service/.venv/bin/python"
    subprocess.run([str(python), "-c", _GPS_JPEG, str(source), str(target)], check=True, timeout=60)
    return target.read_bytes()


def _psql(stack: LocalStack, sql: str) -> str:
    result = subprocess.run(
        ["psql", stack.env["DATABASE_URL"], "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return result.stdout.strip()


def _rows_mentioning(stack: LocalStack, needles: list[str]) -> list[str]:
    """Every row of every table of the three schemas whose text holds one of `needles`."""
    query = "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN "
    tables = _psql(stack, query + repr(SCHEMAS)).split()
    assert {table.split(".")[0] for table in tables} == set(SCHEMAS)
    hits = []
    for table in tables:
        condition = " OR ".join(f"t::text ILIKE '%{needle}%'" for needle in needles)
        found = _psql(stack, f"SELECT t::text FROM {table} AS t WHERE {condition}")
        hits += [f"{table}: {row}" for row in found.splitlines() if row]
    return hits


def _redis_mentioning(stack: LocalStack, needles: list[str]) -> list[str]:
    client = redis.Redis.from_url(stack.env["REDIS_URL"], decode_responses=True)
    hits = []
    for key in client.scan_iter(match=f"{stack.redis_prefix}*", count=500):
        if key.startswith(f"{stack.redis_prefix}revoked:"):
            continue  # the revocation mark must outlive the account until its last token expires (docs/privacy.md)
        kind = client.type(key)
        value = (
            client.get(key) if kind == "string" else " ".join(map(str, client.smembers(key))) if kind == "set" else ""
        )
        if any(needle in key or needle in (value or "") for needle in needles):
            hits.append(key)
    client.close()
    return hits


def _wait_for_erasure(stack: LocalStack, user_id: str) -> None:
    deadline = time.monotonic() + ERASURE_DEADLINE_SECONDS
    while _psql(stack, f"SELECT count(*) FROM auth_schema.erasure_erasurejob WHERE user_id = '{user_id}'") != "0":
        pending = "SELECT service, attempts, last_error FROM auth_schema.erasure_erasurejob"
        assert time.monotonic() < deadline, _psql(stack, pending)
        time.sleep(0.2)


def _rich_history(user: User, tmp_path: Path) -> dict[str, Any]:
    profile = {"first_name": "Priya", "address": "12 Rue Example"}
    assert user.request("PATCH", "/api/v1/users/me", json=profile).status_code == 200
    pet = user.request("POST", "/api/v1/pets", json={"name": "Mau", "species": "cat"}).json()["data"]
    analysis = user.analyze(_gps_jpeg(tmp_path), pet_id=pet["id"])
    assert analysis.status_code == 200, analysis.text
    second = user.analyze(unique_photo(tmp_path, ".png").read_bytes(), name="pet.png")
    assert second.status_code == 200, second.text
    assert user.request("POST", "/api/v1/recommendations", json={"pet_id": pet["id"]}).status_code == 200
    job_id = user.request("POST", "/api/v1/recommendations/batch").json()["data"]["job_id"]
    deadline = time.monotonic() + 30
    while user.request("GET", f"/api/v1/jobs/{job_id}").json()["data"]["state"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    photos = [response.json()["data"]["image_url"].rsplit("/", 1)[1] for response in (analysis, second)]
    analysis_id = analysis.json()["data"]["analysis_id"]
    return {"pet_id": pet["id"], "photos": photos, "job_id": job_id, "analysis_id": analysis_id}


def test_a_stored_photo_has_no_gps_and_is_named_by_its_own_hash(privacy_stack: LocalStack, tmp_path: Path) -> None:
    user = User(privacy_stack)
    original = _gps_jpeg(tmp_path)
    assert b"PhoneCo" in original and b"12 Rue Example" in original
    data = user.analyze(original).json()["data"]
    served = user.request("GET", data["image_url"])
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    for marker in (b"PhoneCo", b"12 Rue Example", b"Exif"):
        assert marker not in served.content
    name = data["image_url"].rsplit("/", 1)[1]
    assert name == f"{hashlib.sha256(served.content).hexdigest()}.jpg"
    assert (Path(privacy_stack.env["UPLOAD_DIR"]) / name).read_bytes() == served.content  # the only copy on disk


def test_a_refused_photo_leaves_nothing_and_the_quota_answers_403(privacy_stack: LocalStack, tmp_path: Path) -> None:
    user = User(privacy_stack)
    upload_dir = Path(privacy_stack.env["UPLOAD_DIR"])
    before = set(os.listdir(upload_dir)) if upload_dir.exists() else set()
    coffee = (CHELSEA.parent / "coffee.png").read_bytes()
    refused = user.analyze(coffee, name="coffee.png")
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "NO_PET_DETECTED")
    assert (set(os.listdir(upload_dir)) if upload_dir.exists() else set()) == before
    assert _psql(privacy_stack, f"SELECT count(*) FROM ai_schema.uploaded_images WHERE user_id = '{user.id}'") == "0"

    for _ in range(3):  # UPLOAD_QUOTA_COUNT=3
        assert user.analyze(unique_photo(tmp_path, ".png").read_bytes(), name="pet.png").status_code == 200
    stored = set(os.listdir(upload_dir))
    over = user.analyze(unique_photo(tmp_path, ".png").read_bytes(), name="pet.png")
    assert (over.status_code, over.json()["error"]["code"]) == (403, "QUOTA_EXCEEDED")
    assert set(os.listdir(upload_dir)) == stored


def test_the_export_zip_holds_account_json_and_the_photos(privacy_stack: LocalStack, tmp_path: Path) -> None:
    user = User(privacy_stack)
    history = _rich_history(user, tmp_path)

    response = user.request("GET", "/api/v1/users/me/export")

    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    account = json.loads(archive.read("account.json"))
    assert account["user"]["email"] == user.email and account["profile"]["address"] == "12 Rue Example"
    assert [pet["id"] for pet in account["pets"]] == [history["pet_id"]]
    assert [a["pet_id"] for a in account["pet_analyses"]] == [history["pet_id"]]
    assert {a["id"] for a in account["analyses"]} >= {history["analysis_id"]}
    assert account["recommendations"] and all(r["pet_id"] == history["pet_id"] for r in account["recommendations"])
    assert sorted(account["photos"]) == sorted(f"photos/{name}" for name in history["photos"])
    for name in history["photos"]:
        assert archive.read(f"photos/{name}") == user.request("GET", f"/api/v1/uploads/{name}").content


def test_deleting_an_account_leaves_nothing_of_it_anywhere(privacy_stack: LocalStack, tmp_path: Path) -> None:
    user, other = User(privacy_stack), User(privacy_stack)
    history = _rich_history(user, tmp_path)
    others = _rich_history(other, tmp_path)
    upload_dir = Path(privacy_stack.env["UPLOAD_DIR"])
    needles = [user.id, user.email, history["pet_id"], history["job_id"], *(name[:64] for name in history["photos"])]
    assert _rows_mentioning(privacy_stack, needles) and _redis_mentioning(privacy_stack, needles)  # the scan finds data

    response = user.request("DELETE", "/api/v1/users/me", json={"password": PASSWORD})
    assert response.status_code == 200, response.text
    _wait_for_erasure(privacy_stack, user.id)

    assert _rows_mentioning(privacy_stack, needles) == []
    assert _redis_mentioning(privacy_stack, needles) == []
    assert [name for name in history["photos"] if (upload_dir / name).exists()] == []
    # the other user keeps everything
    assert other.request("GET", f"/api/v1/pets/{others['pet_id']}").status_code == 200
    assert all((upload_dir / name).exists() for name in others["photos"])


def _only_ai_pending_after_retries(pending: list[str]) -> bool:
    return len(pending) == 1 and pending[0].startswith("ai|") and int(pending[0].split("|")[1]) >= 2


def _restart(stack: LocalStack, name: str) -> None:
    log = open(stack.root / "logs" / f"{name}.restarted.log", "wb")  # noqa: SIM115 - the stack closes its _logs
    stack._logs.append(log)
    stack.processes[name] = subprocess.Popen(
        ["bash", "-c", procfile_commands()[name]], cwd=REPO, env=stack.env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def test_a_deletion_while_the_ai_service_is_down_completes_once_it_is_back(
    privacy_stack: LocalStack, tmp_path: Path
) -> None:
    user = User(privacy_stack)
    history = _rich_history(user, tmp_path)
    needles = [user.id, history["pet_id"], *(name[:64] for name in history["photos"])]
    victim = privacy_stack.processes["ai"]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(10)
    try:
        assert user.request("DELETE", "/api/v1/users/me", json={"password": PASSWORD}).status_code == 200
        deadline = time.monotonic() + ERASURE_DEADLINE_SECONDS
        jobs = f"SELECT service, attempts FROM auth_schema.erasure_erasurejob WHERE user_id = '{user.id}'"
        # the user service's job is done; the AI service's is retried with backoff and still pending
        while not _only_ai_pending_after_retries(pending := _psql(privacy_stack, jobs).splitlines()):
            assert time.monotonic() < deadline, pending
            time.sleep(0.2)
        assert _psql(privacy_stack, f"SELECT count(*) FROM user_schema.pets WHERE user_id = '{user.id}'") == "0"
        assert _psql(privacy_stack, f"SELECT count(*) FROM ai_schema.analyses WHERE user_id = '{user.id}'") != "0"
    finally:
        _restart(privacy_stack, "ai")
        privacy_stack.wait_healthy()

    _wait_for_erasure(privacy_stack, user.id)
    assert _rows_mentioning(privacy_stack, needles) == []
    assert _redis_mentioning(privacy_stack, needles) == []
    assert not any((Path(privacy_stack.env["UPLOAD_DIR"]) / name).exists() for name in history["photos"])
