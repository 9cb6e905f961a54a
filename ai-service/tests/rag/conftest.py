"""Knowledge-base fixtures: the whole seed knowledge base ingested once per test session."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from app.rag.runtime import RagRuntime
from app.rag.seed import SeedReport, seed_knowledge_base


@pytest.fixture(scope="session")
async def seeded_kb(app: FastAPI) -> SeedReport:
    """Real embeddings, real Chroma (the session's temp dir), real PostgreSQL rows; about 10 s on 2 cores."""
    report = await seed_knowledge_base(app.state.rag, app.state.session_factory)
    assert not report.failed, report.failed
    return report


@pytest.fixture
def rag(app: FastAPI) -> RagRuntime:
    return app.state.rag


@pytest.fixture
def jobs_run_here(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ingestion job runs in the test's process only (tests.rag.jobs.ingest_inline): the request's
    message never reaches a live session worker, which would run the same job beside it."""
    monkeypatch.setattr(app.state.celery, "send_task", lambda *args, **kwargs: None)
