"""Fixtures for the cross-service tests: `stack` boots the local stack once per session.

Reusable by browser tests: `stack.base_url` (nginx, https, self-signed), `stack.gateway_url`,
`stack.ollama` (the FakeOllama: enqueue_reply, set_mode, requests), and
`tests.stack.CHROMIUM_LAUNCH` for playwright's `chromium.launch(**CHROMIUM_LAUNCH)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.stack import CHROMIUM_LAUNCH, LocalStack, missing_service_folders, running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    missing = missing_service_folders()
    if missing:
        pytest.skip(f"service folders not in this checkout yet: {', '.join(missing)}")
    with running_stack(tmp_path_factory.mktemp("stack")) as local:
        yield local


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (its own browsers cannot be downloaded here)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = CHROMIUM_LAUNCH["executable_path"]
    assert isinstance(executable, str)
    if not Path(executable).exists():
        pytest.skip("chromium is not installed (scripts/install-packages.sh installs it as root)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(**CHROMIUM_LAUNCH)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser context per test (own cookies); accepts the stack's self-signed certificate."""
    context = chromium.new_context(ignore_https_errors=True)
    yield context.new_page()
    context.close()
