"""Seed the knowledge base from ai-service/knowledge/ (Markdown with YAML front matter): `python -m app.rag.seed`.

Idempotent: a document whose content hash is already in rag_documents is skipped; a seed file whose
content changed replaces its earlier version (delete, then ingest). Seed documents get
a document id derived from their path, so their chunk ids are stable across machines and re-seeds.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.breeds import BreedCatalog, load_breed_catalog
from app.rag.constants import DOCUMENT_TYPES
from app.rag.ingestion import delete_document, ingest_document
from app.rag.loaders import split_front_matter
from app.rag.models import RagDocument
from app.rag.runtime import RagRuntime

logger = structlog.get_logger(__name__)

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"
SEED_NAMESPACE = uuid.UUID("0b7e7f0e-3f57-4d0c-8a55-4c1b1f2f6d21")


@dataclass(slots=True)
class SeedReport:
    ingested: int = 0
    skipped: int = 0
    replaced: int = 0
    chunks: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)


def seed_document_id(relative_path: str) -> str:
    return str(uuid.uuid5(SEED_NAMESPACE, relative_path))


async def seed_knowledge_base(
    rag: RagRuntime, session_factory: async_sessionmaker[AsyncSession], directory: Path = KNOWLEDGE_DIR
) -> SeedReport:
    report = SeedReport()
    started = time.perf_counter()
    paths = await asyncio.to_thread(lambda: sorted(directory.rglob("*.md")))
    async with session_factory() as session:
        known = set((await session.scalars(select(RagDocument.content_hash))).all())
        stored_ids = {str(row_id) for row_id in (await session.scalars(select(RagDocument.id))).all()}
    for number, path in enumerate(paths, start=1):
        content = await asyncio.to_thread(path.read_bytes)
        if hashlib.sha256(content).hexdigest() in known:
            report.skipped += 1
            continue
        front_matter, _ = split_front_matter(content.decode("utf-8"))
        document_type = str(front_matter.get("document_type", "care"))
        if document_type not in DOCUMENT_TYPES:
            report.failed.append(f"{path.name}: unknown document_type {document_type!r}")
            continue
        relative = path.relative_to(directory).as_posix()
        document_id = seed_document_id(relative)
        if document_id in stored_ids:  # the file changed since it was seeded: replace it
            async with session_factory() as session:
                await delete_document(rag, session, document_id=document_id)
            report.replaced += 1
        async with session_factory() as session:
            result = await ingest_document(
                rag,
                session,
                filename=path.name,
                content=content,
                document_type=document_type,
                document_id=document_id,
                session_factory=session_factory,
            )
        report.ingested += 1
        report.chunks += result.chunk_count
        logger.info("rag_seed_progress", documents_done=number, documents_total=len(paths), document=relative)
    report.seconds = round(time.perf_counter() - started, 2)
    return report


async def main() -> None:
    from smartbreeds_common.logging import configure_logging

    from app.core.config import get_settings
    from app.db.session import build_engine, build_session_factory
    from app.rag.runtime import build_rag_runtime

    settings = get_settings()
    configure_logging(log_format=settings.log_format, level=settings.log_level)
    engine = build_engine(settings)
    try:
        rag = await asyncio.to_thread(
            build_rag_runtime,
            chroma_persist_dir=settings.chroma_persist_dir,
            chroma_host=settings.chroma_host,
            chroma_port=settings.chroma_port,
            documents_dir=settings.rag_documents_dir,
            timeout_seconds=settings.rag_timeout_seconds,
            llm_factory=None,
            ollama_probe=None,
            breeds=_load_breed_catalog(),
        )
        report = await seed_knowledge_base(rag, build_session_factory(engine))
    finally:
        await engine.dispose()
    logger.info(
        "rag_seed_done",
        ingested=report.ingested,
        skipped=report.skipped,
        chunks=report.chunks,
        seconds=report.seconds,
        failed=report.failed,
    )
    if report.failed:
        raise SystemExit(1)


def _load_breed_catalog() -> BreedCatalog:
    """The breed catalog, so breed names in front matter are stored under the catalog's canonical names."""
    return load_breed_catalog()


if __name__ == "__main__":
    asyncio.run(main())
