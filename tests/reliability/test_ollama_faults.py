"""The model server down or stuck, seen from a browser's path (nginx -> gateway -> ai-service -> Ollama).

Ollama is the fake (tests/fakes/ollama) in two fault modes:
- "down": the port refuses connections;
- "stall": the server answers /api/version and /api/show, but generation (/api/chat) never does,
  as with a wedged model.
In both, analysis and questions must still answer 200 with the stage named in `degraded`, within
the configured timeouts (OLLAMA_TIMEOUT_SECONDS=4 in this stack), and while calls hang on the
model, other calls to the same single-process ai-service must still be served at once: no worker
(event loop or thread) is held by a stuck model. Once the model answers again, so do the features.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.jobs import wait_for_job
from tests.photos import unique_photo
from tests.reliability.client import ApiClient
from tests.stack import LocalStack

pytestmark = pytest.mark.stack
# Vision (one call and one retry), then health information and recommendations in parallel: each
# bounded by the 4 s model timeout; the rest is the classifier on 2 shared cores.
ANALYSIS_DEADLINE_SECONDS = 30
RESPONSIVE_SECONDS = 2.0
HUNG_ANALYSES = 4


def analyze(api: ApiClient, photo: Path) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = api.request(
        "POST", "/api/v1/pets/analyze", files={"image": (photo.name, photo.read_bytes(), "image/png")}
    )
    return response, time.monotonic() - started


def assert_degraded_analysis(response: httpx.Response, elapsed: float, *stages: str) -> dict[str, object]:
    assert response.status_code == 200, response.text[:500]
    data = response.json()["data"]
    assert data["species"] == "cat" and data["breed"], data
    assert set(stages) <= set(data["degraded"]), data["degraded"]
    assert elapsed < ANALYSIS_DEADLINE_SECONDS, elapsed
    return data


def wait_until_ollama_is_seen_up(api: ApiClient) -> None:
    """The ai-service caches its probe of Ollama (OLLAMA_PROBE_TTL_SECONDS): wait for a fresh "ok"."""
    deadline = time.monotonic() + 15
    while api.request("GET", "/api/v1/health").json()["data"]["services"]["ollama"] != "ok":
        assert time.monotonic() < deadline, "the ai-service never saw Ollama up"
        time.sleep(0.25)


@pytest.fixture
def ollama(live_stack: LocalStack) -> Iterator[object]:
    yield live_stack.ollama
    live_stack.ollama.set_mode("ok")


def test_ollama_down_degrades_analysis_and_answers(
    live_stack: LocalStack, api: ApiClient, ollama, tmp_path: Path
) -> None:
    marker = secrets.token_hex(4)
    guide = f"# Beagle exercise {marker}\n\nA Beagle needs at least an hour of exercise a day, code {marker}.\n"
    admin = ApiClient(live_stack).admin()
    ingested = admin.request(
        "POST",
        "/api/v1/rag/ingest",
        files={"file": (f"beagle-{marker}.md", guide.encode(), "text/markdown")},
        data={"document_type": "care"},
    )
    assert ingested.status_code == 202, ingested.text[:300]
    job = wait_for_job(lambda path: admin.request("GET", path), ingested.json()["data"]["job_id"])
    assert job["state"] == "succeeded", job
    live_stack.ollama.set_mode("down")
    response, elapsed = analyze(api, unique_photo(tmp_path))
    assert_degraded_analysis(response, elapsed, "vision_llm")

    started = time.monotonic()
    answer = api.request(
        "POST", "/api/v1/rag/query", json={"question": f"How much exercise does a Beagle need? ({marker})"}
    )
    assert answer.status_code == 200, answer.text[:500]
    data = answer.json()["data"]
    assert any(marker in source["title"] for source in data["sources"]), data  # extractive, from the store
    assert "rag_llm" in data.get("degraded", []), data
    assert time.monotonic() - started < ANALYSIS_DEADLINE_SECONDS


def test_stuck_model_times_out_degrades_and_blocks_no_worker(
    live_stack: LocalStack, api: ApiClient, ollama, tmp_path: Path
) -> None:
    photos = [unique_photo(tmp_path) for _ in range(HUNG_ANALYSES)]
    live_stack.ollama.set_mode("stall")
    wait_until_ollama_is_seen_up(api)  # else the analyses would skip a model an earlier test stopped
    stalled_before = sum(1 for request in live_stack.ollama.requests if request["path"] == "/api/chat")
    with ThreadPoolExecutor(HUNG_ANALYSES) as pool:
        pending: list[Future[tuple[httpx.Response, float]]] = [pool.submit(analyze, api, photo) for photo in photos]
        # Wait until the model holds calls, then check the same ai-service still serves others at once.
        deadline = time.monotonic() + ANALYSIS_DEADLINE_SECONDS
        while sum(1 for r in live_stack.ollama.requests if r["path"] == "/api/chat") - stalled_before < 1:
            assert time.monotonic() < deadline, (
                "no analysis reached the model",
                [r["path"] for r in live_stack.ollama.requests[-10:]],
            )
            time.sleep(0.1)
        for path in ("/api/v1/products?page_size=3", "/api/v1/health"):
            started = time.monotonic()
            response = api.request("GET", path)
            assert response.status_code in (200, 503), (path, response.text[:300])  # health may say "degraded"
            assert time.monotonic() - started < RESPONSIVE_SECONDS, (path, time.monotonic() - started)
        results = [future.result(timeout=ANALYSIS_DEADLINE_SECONDS * 2) for future in pending]
    for response, elapsed in results:
        assert_degraded_analysis(response, elapsed, "vision_llm")

    # The model answers again: the next analysis uses it (no stale "unavailable" verdict, no stuck pool).
    live_stack.ollama.set_mode("ok")
    deadline = time.monotonic() + 15
    while True:
        response, elapsed = analyze(api, unique_photo(tmp_path))
        assert response.status_code == 200, response.text[:500]
        if "vision_llm" not in response.json()["data"]["degraded"]:
            break
        assert time.monotonic() < deadline, "vision did not come back once the model answered"
        time.sleep(1)
