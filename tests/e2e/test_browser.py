"""The product in a real browser (Debian's Chromium driven by Playwright) against the whole local
stack through nginx, with the fake Ollama. Screenshots of each main page go to
tests/artifacts/screenshots/ (git-ignored)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.jobs import wait_for_job
from tests.photos import CHELSEA, unique_photo
from tests.stack import REPO, LocalStack

pytestmark = pytest.mark.stack

SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
PASSWORD = "correct horse battery 42"
BREEDS = REPO / "ai-service/app/data/breeds.json"
TIMEOUT_MS = 60_000


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def admin_credentials(stack: LocalStack) -> dict[str, str]:
    return {"email": stack.create_admin(PASSWORD), "password": PASSWORD}


@pytest.fixture(scope="module")
def knowledge(stack: LocalStack, admin_credentials: dict[str, str]) -> Iterator[None]:
    """One cat-care document in the knowledge base, ingested through the admin API."""
    document = (
        "---\ntitle: Cat hairball care\ndocument_type: care\nspecies: cat\n---\n# Hairballs in cats\n\n"
        "Regular brushing reduces hairballs in cats. A hairball formula food with extra fibre helps them pass.\n"
    )
    with httpx.Client(base_url=stack.base_url, verify=False, timeout=60) as admin:
        assert admin.post("/api/v1/auth/login", json=admin_credentials).status_code == 200
        response = admin.post(
            "/api/v1/rag/ingest",
            files={"file": ("hairballs.md", document.encode(), "text/markdown")},
            data={"document_type": "care"},
        )
        assert response.status_code in (202, 409), response.text
        if response.status_code == 202:  # indexed by the stack's Celery worker: wait until it is searchable
            wait_for_job(admin.get, response.json()["data"]["job_id"])
    yield


def register(page: Any, stack: LocalStack) -> str:
    email = f"e2e-{uuid.uuid4().hex[:10]}@example.com"
    page.goto(f"{stack.base_url}/register")
    page.get_by_label("Name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/(dashboard)?$"), timeout=TIMEOUT_MS)
    return email


def catalog_profile(breed: str) -> dict[str, Any]:
    return next(b for b in json.loads(BREEDS.read_text())["breeds"] if b["name"] == breed)


def analyze_chelsea(page: Any, stack: LocalStack, photo: Path = CHELSEA) -> None:
    page.goto(f"{stack.base_url}/analyze")
    page.get_by_test_id("upload-input").set_input_files(str(photo))
    page.get_by_role("button", name="Analyze photo").click()
    page.get_by_test_id("breed-card").wait_for(timeout=TIMEOUT_MS)


def test_user_journey(page: Any, stack: LocalStack, knowledge: None) -> None:
    register(page, stack)
    page.wait_for_load_state("networkidle")
    shot(page, "dashboard")

    analyze_chelsea(page, stack)
    breed_card = page.get_by_test_id("breed-card")
    assert "cat" in breed_card.inner_text().lower()
    page.get_by_test_id("recommendation-item").first.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("recommendation-item").count() >= 3
    assert page.get_by_test_id("health-panel").is_visible()
    assert page.get_by_test_id("degraded-notice").count() == 0  # the fake Ollama answers: nothing fell back
    # A breed the catalog knows shows the catalog's facts, not the vision model's free-form traits.
    card = breed_card.inner_text()
    profile = catalog_profile(breed_card.get_by_role("heading").inner_text().strip())
    lifespan = profile["lifespan_years"]
    assert f"{lifespan['min']:g}\u2013{lifespan['max']:g} years" in card
    assert re.search(rf"Size\s+{profile['size']}\b", card, re.IGNORECASE), card
    shot(page, "analyze-result")

    page.get_by_label("Pet name").fill("Chelsea")
    page.get_by_role("button", name="Save as my pet").click()
    page.get_by_role("link", name="View pet").click()
    page.get_by_role("heading", name="Chelsea").first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_test_id("analysis-item").first.wait_for(timeout=TIMEOUT_MS)  # the analysis is in its history
    assert page.get_by_test_id("analysis-item").count() == 1
    shot(page, "pet-detail")

    page.goto(f"{stack.base_url}/pets")
    page.get_by_test_id("pet-item").first.wait_for(timeout=TIMEOUT_MS)
    assert "Chelsea" in page.get_by_test_id("pet-list").inner_text()
    shot(page, "pets")

    page.goto(f"{stack.base_url}/ask")
    page.get_by_label("Your question").fill("How can I reduce hairballs in my cat?")
    page.get_by_role("button", name="Ask", exact=True).click()
    page.get_by_test_id("source-item").first.wait_for(timeout=TIMEOUT_MS)
    assert "hairball" in page.get_by_test_id("source-list").inner_text().lower()
    answer = page.get_by_test_id("answer").last.inner_text()
    assert "no context" not in answer, answer  # the model is given the retrieved passages as its context
    assert "brushing reduces hairballs" in answer.lower(), answer
    shot(page, "ask")

    page.goto(f"{stack.base_url}/profile")
    page.wait_for_load_state("networkidle")
    assert page.get_by_label("First name").input_value() == "Ada"  # from the name given at registration
    assert page.get_by_label("Last name").input_value() == "Lovelace"
    shot(page, "profile")

    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_url(re.compile(r"/login"), timeout=TIMEOUT_MS)
    shot(page, "login")
    page.goto(f"{stack.base_url}/pets")
    page.wait_for_url(re.compile(r"/login"), timeout=TIMEOUT_MS)  # the session is really gone


def test_degraded_result_offers_the_breed_picker(page: Any, stack: LocalStack, tmp_path: Path) -> None:
    photo = unique_photo(tmp_path, ".jpg")  # new bytes: no answer cached by an earlier test
    register(page, stack)
    stack.ollama.set_mode("down")
    try:
        analyze_chelsea(page, stack, photo)
        page.get_by_test_id("degraded-notice").wait_for(timeout=TIMEOUT_MS)
        assert "vision model is offline" in page.get_by_test_id("degraded-notice").inner_text()
        page.get_by_test_id("open-breed-picker").wait_for(timeout=TIMEOUT_MS)  # "Not right? Choose the breed"
        card = page.get_by_test_id("breed-card").inner_text()
        assert re.search(r"Lifespan\s+\d+\u2013\d+ years", card, re.IGNORECASE), card  # a range, with its dash
        shot(page, "analyze-degraded")
    finally:
        stack.ollama.set_mode("ok")


def test_admin_uploads_a_document(
    page: Any, stack: LocalStack, admin_credentials: dict[str, str], tmp_path: Path
) -> None:
    title = f"Puppy teething {uuid.uuid4().hex[:6]}"
    document = tmp_path / "teething.md"
    document.write_text(
        f"# {title}\n\nPuppies teethe between three and six months; offer cold chew toys made for puppies.\n"
    )
    page.goto(f"{stack.base_url}/login")
    page.get_by_label("Email").fill(admin_credentials["email"])
    page.get_by_label("Password").fill(admin_credentials["password"])
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Knowledge base").first.click()
    page.get_by_test_id("document-upload-input").set_input_files(str(document))
    page.get_by_label("Document type").select_option("care")
    page.get_by_label("Title (optional)").fill(title)
    page.get_by_role("button", name="Upload").click()
    page.get_by_test_id("document-item").filter(has_text=title).wait_for(timeout=TIMEOUT_MS)
    shot(page, "admin")
