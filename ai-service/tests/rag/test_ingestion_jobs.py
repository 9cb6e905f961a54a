"""Ingestion as a job on a real Celery worker (a subprocess on this run's Redis, database and Chroma):
progress while it runs, searchable only once ready, cancel removes everything, a killed worker process
loses and duplicates nothing, and reading a document never parses it again."""

from __future__ import annotations

import os
import random
import signal
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.rag.models import RagDocument, RagDocumentText
from app.rag.runtime import RagRuntime
from tests.conftest import envelope_data, envelope_error, identity_headers
from tests.rag.jobs import job_of, listed_document, post_document, wait_for_job
from tests.workers import Worker

Headers = Callable[[], dict[str, str]]
WORDS = [
    "beagle",
    "terrier",
    "collie",
    "retriever",
    "shepherd",
    "poodle",
    "spaniel",
    "whippet",
    "kibble",
    "vaccine",
    "parasite",
    "grooming",
    "exercise",
    "enrichment",
    "hydration",
    "dental",
    "joints",
    "coat",
    "shedding",
    "training",
    "leash",
    "crate",
    "puppy",
    "senior",
    "weight",
    "nutrition",
]


def large_markdown(paragraphs: int = 120) -> bytes:
    """About `paragraphs / 4` chunks of varied text (unique per call: no DOCUMENT_EXISTS between tests)."""
    rng = random.Random(uuid.uuid4().int)
    sections = [f"# Care notes {uuid.uuid4().hex[:8]}"]
    for number in range(paragraphs):
        if number % 20 == 0:
            sections.append(f"## Part {number // 20}")
        sections.append(" ".join(rng.choice(WORDS) for _ in range(90)) + ".")
    return "\n\n".join(sections).encode()


def chunk_ids(rag: RagRuntime, document_id: str) -> list[str]:
    return list(rag.store.collection().get(where={"document_id": document_id}, include=[])["ids"])


def running_with_progress(job: dict[str, Any]) -> bool:
    return job["state"] != "queued" and job["progress"]["done"] > 0


async def test_a_document_is_indexed_in_the_background_and_searchable_only_when_ready(
    client: httpx.AsyncClient, admin_headers: Headers, rag: RagRuntime, worker: Worker
) -> None:
    accepted = await post_document(client, admin_headers, "care-notes.md", large_markdown())

    job = await wait_for_job(client, admin_headers, accepted["job_id"], until=running_with_progress)
    searchable = chunk_ids(rag, accepted["document_id"])  # read before the listing: publishing only adds
    listed = await listed_document(client, admin_headers, accepted["document_id"])
    assert listed is not None
    if job["state"] == "running":  # caught half-way: nothing of it is searchable until every chunk is embedded
        assert job["kind"] == "ingestion" and 0 < job["progress"]["done"] <= job["progress"]["total"]
        assert listed["state"] in ("processing", "ready")
        assert listed["progress"]["chunks_total"] >= listed["progress"]["chunks_done"]
        if searchable:  # published as a whole, in the moment before the row says `ready`
            assert len(searchable) == listed["progress"]["chunks_done"] == listed["progress"]["chunks_total"]
    done = await wait_for_job(client, admin_headers, accepted["job_id"])

    assert done["state"] == "succeeded", done
    assert done["progress"]["done"] == done["progress"]["total"] > 20
    assert done["results"] == {"document_id": accepted["document_id"]}
    document = await listed_document(client, admin_headers, accepted["document_id"])
    assert document is not None and document["state"] == "ready" and document["error"] is None
    assert document["progress"] == {"chunks_done": done["progress"]["total"], "chunks_total": done["progress"]["total"]}
    assert len(chunk_ids(rag, accepted["document_id"])) == done["progress"]["total"]
    assert rag.store.staged_ids(accepted["document_id"]) == set()  # staging emptied once published
    await client.delete(f"/api/v1/rag/documents/{accepted['document_id']}", headers=admin_headers())


async def test_cancelling_a_running_ingestion_leaves_no_chunks_row_text_or_file(
    client: httpx.AsyncClient, admin_headers: Headers, rag: RagRuntime, app: Any, worker: Worker
) -> None:
    accepted = await post_document(client, admin_headers, "cancel-me.md", large_markdown(300))
    await wait_for_job(client, admin_headers, accepted["job_id"], until=running_with_progress)

    response = await client.delete(f"/api/v1/jobs/{accepted['job_id']}", headers=admin_headers())

    assert response.status_code == 200, response.text
    assert envelope_data(response)["state"] == "cancelled"
    # The worker stops at its next batch and cleans up after itself; wait until it has taken the next message.
    marker = await post_document(client, admin_headers, "after-cancel.md", large_markdown(8))
    await wait_for_job(client, admin_headers, marker["job_id"])
    assert chunk_ids(rag, accepted["document_id"]) == []
    assert rag.store.staged_ids(accepted["document_id"]) == set()
    assert not list(rag.documents_dir.glob(f"{accepted['document_id']}-*"))
    assert await listed_document(client, admin_headers, accepted["document_id"]) is None
    async with app.state.session_factory() as session:
        texts = await session.scalar(
            select(func.count())
            .select_from(RagDocumentText)
            .where(RagDocumentText.document_id == uuid.UUID(accepted["document_id"]))
        )
    assert texts == 0
    job = await job_of(client, admin_headers, accepted["job_id"])
    assert job["state"] == "cancelled"
    again = await client.delete(f"/api/v1/jobs/{accepted['job_id']}", headers=admin_headers())
    assert again.status_code == 409 and envelope_error(again)["code"] == "JOB_FINISHED"
    await client.delete(f"/api/v1/rag/documents/{marker['document_id']}", headers=admin_headers())


async def test_a_worker_process_killed_mid_ingestion_resumes_without_losing_or_duplicating_chunks(
    client: httpx.AsyncClient, admin_headers: Headers, rag: RagRuntime, app: Any, worker: Worker
) -> None:
    accepted = await post_document(client, admin_headers, "kill-me.md", large_markdown(250))
    job = await wait_for_job(client, admin_headers, accepted["job_id"], until=running_with_progress)
    assert job["state"] == "running"
    [pool_pid] = worker.pool_pids()

    os.kill(pool_pid, signal.SIGKILL)  # the process running the task dies (as under the OOM killer)

    done = await wait_for_job(client, admin_headers, accepted["job_id"])
    assert done["state"] == "succeeded", done
    assert worker.pool_pids() != [pool_pid]  # the task finished in a new pool process
    total = done["progress"]["total"]
    ids = chunk_ids(rag, accepted["document_id"])
    assert len(ids) == len(set(ids)) == total  # every chunk, once
    indexes = {
        meta["chunk_index"]
        for meta in rag.store.collection().get(where={"document_id": accepted["document_id"]}, include=["metadatas"])[
            "metadatas"
        ]
        or []
    }
    assert indexes == set(range(total))
    async with app.state.session_factory() as session:
        row = await session.get(RagDocument, uuid.UUID(accepted["document_id"]))
        texts = await session.scalar(
            select(func.count()).select_from(RagDocumentText).where(RagDocumentText.document_id == row.id)
        )
    assert row is not None and (row.status, row.chunk_count, row.chunks_done) == ("ready", total, total)
    assert texts == 1  # the text was extracted and stored once, the resumed run reused it
    await client.delete(f"/api/v1/rag/documents/{accepted['document_id']}", headers=admin_headers())


async def test_reading_a_document_returns_its_stored_text_and_never_parses_it_again(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    user_headers: Headers,
    app: Any,
    worker: Worker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.rag.documents import PDF_TEXT, pdf_bytes

    accepted = await post_document(client, admin_headers, "rabbit-teeth.pdf", pdf_bytes())
    await wait_for_job(client, admin_headers, accepted["job_id"])

    async def no_parsing(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a read parsed the document")

    monkeypatch.setattr("app.rag.parsing.parse_document", no_parsing)
    monkeypatch.setattr("app.rag.parsing.extract_text", no_parsing)
    response = await client.get(f"/api/v1/rag/documents/{accepted['document_id']}", headers=user_headers())

    assert response.status_code == 200, response.text
    assert PDF_TEXT in " ".join(envelope_data(response)["text"].split())
    await client.delete(f"/api/v1/rag/documents/{accepted['document_id']}", headers=admin_headers())


async def test_a_document_still_processing_cannot_be_read_and_a_job_is_only_its_owners(
    client: httpx.AsyncClient, admin_headers: Headers, user_headers: Headers, worker: Worker
) -> None:
    accepted = await post_document(client, admin_headers, "private.md", large_markdown(8))

    other_user = await client.get(f"/api/v1/jobs/{accepted['job_id']}", headers=user_headers())
    other_admin = await client.get(
        f"/api/v1/jobs/{accepted['job_id']}",
        headers=identity_headers(user_id=str(uuid.uuid4()), role="admin"),
    )
    cancel_by_user = await client.delete(f"/api/v1/jobs/{accepted['job_id']}", headers=user_headers())

    assert other_user.status_code == 404 and envelope_error(other_user)["code"] == "JOB_NOT_FOUND"
    assert other_admin.status_code == 200  # any admin follows an ingestion
    assert cancel_by_user.status_code == 404
    await wait_for_job(client, admin_headers, accepted["job_id"])
    await client.delete(f"/api/v1/rag/documents/{accepted['document_id']}", headers=admin_headers())
