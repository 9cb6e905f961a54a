"""The store's cross-process write lock, and the seed command's idempotency."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from fastapi import FastAPI

from app.rag.constants import WRITE_LOCK_FILENAME
from app.rag.ingestion import delete_document
from app.rag.runtime import RagRuntime
from app.rag.seed import SeedReport, seed_document_id, seed_knowledge_base
from app.rag.store import KnowledgeStore

HOLD_LOCK = """
import sys, time
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_writes_wait_for_another_process_holding_the_lock(tmp_path: Path) -> None:
    store = KnowledgeStore(tmp_path / "chroma")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / "chroma" / WRITE_LOCK_FILENAME), "1.5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.perf_counter()
        with store.write_lock():
            waited = time.perf_counter() - started
            store.upsert(ids=["a"], texts=["text"], embeddings=[[1.0] + [0.0] * 383], metadatas=[{"document_id": "d"}])
    finally:
        holder.wait(timeout=10)

    assert waited >= 1.0
    assert KnowledgeStore(tmp_path / "chroma").count() == 1  # a fresh client on the same path sees the write


async def test_seeding_again_skips_every_document(seeded_kb: SeedReport, app: FastAPI, rag: RagRuntime) -> None:
    chunks_before = rag.store.count()

    again = await seed_knowledge_base(rag, app.state.session_factory)

    assert seeded_kb.ingested >= 40
    assert (again.ingested, again.skipped) == (0, seeded_kb.ingested)
    assert rag.store.count() == chunks_before


async def test_health_reports_chroma_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert response.json()["data"]["dependencies"]["chroma"] == "ok"


async def test_seeding_a_changed_file_replaces_its_old_chunks(app: FastAPI, rag: RagRuntime, tmp_path: Path) -> None:
    source = tmp_path / "extra" / "hamster-care-test.md"
    source.parent.mkdir()
    source.write_text(
        "---\ntitle: Hamster bedding\ndocument_type: care\n---\n# Bedding\nUse paper bedding for hamsters.\n"
    )
    first = await seed_knowledge_base(rag, app.state.session_factory, tmp_path)
    source.write_text(
        "---\ntitle: Hamster bedding\ndocument_type: care\n---\n# Bedding\nUse aspen shavings for hamsters.\n"
    )

    second = await seed_knowledge_base(rag, app.state.session_factory, tmp_path)

    document_id = seed_document_id("extra/hamster-care-test.md")
    documents = rag.store.collection().get(where={"document_id": document_id}, include=["documents"])["documents"]
    assert documents is not None
    texts = " ".join(documents)
    assert (first.ingested, second.ingested, second.replaced) == (1, 1, 1)
    assert "aspen shavings" in texts and "paper bedding" not in texts
    async with app.state.session_factory() as session:
        await delete_document(rag, session, document_id=document_id)
