"""Ingest one document: validate, store the file, chunk, embed, write vectors, then commit its row.

The row is inserted in a transaction that commits only after the vectors are written; any failure
deletes the document's vectors and its stored file, so a failed ingestion leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from smartbreeds_common.errors import ApplicationError

from app.core import metrics
from app.rag.chunking import split_into_chunks
from app.rag.constants import ALL_SPECIES, DOCUMENT_TYPES, EMBED_BATCH_SIZE, MAX_DOCUMENT_BYTES, SPECIES
from app.rag.file_types import check_zip_container, detect_file_type, safe_filename, unsupported
from app.rag.models import RagDocument
from app.rag.parsing import extract_text
from app.rag.runtime import RagRuntime
from app.rag.schemas import IngestProgress, IngestResult

logger = structlog.get_logger(__name__)

CHUNK_NAMESPACE = uuid.UUID("6f1c2a52-93e4-4c55-9d0e-3b0b8f5b7a10")


def chunk_id(document_id: str, chunk_index: int) -> str:
    """Stable per (document, position): re-writing a document's chunks replaces them instead of adding copies."""
    return str(uuid.uuid5(uuid.UUID(document_id), str(chunk_index)))


def content_hash_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _stored_path(documents_dir: Path, document_id: str, filename: str) -> Path:
    path = (documents_dir / f"{document_id}-{filename}").resolve()
    if not path.is_relative_to(documents_dir):
        raise unsupported("The file name is not allowed.")
    return path


def _clean_label(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _embed_with_progress(rag: RagRuntime, texts: list[str], *, document_id: str) -> list[list[float]]:
    vectors: list[list[float]] = []
    total = len(texts)
    for start in range(0, total, EMBED_BATCH_SIZE):
        vectors.extend(rag.embed_model.get_text_embedding_batch(texts[start : start + EMBED_BATCH_SIZE]))
        logger.info("rag_ingest_progress", document_id=document_id, chunks_done=len(vectors), chunks_total=total)
    return vectors


def _write_vectors(
    rag: RagRuntime, *, ids: list[str], texts: list[str], vectors: list[list[float]], metadatas: list[dict[str, Any]]
) -> None:
    with rag.store.write_lock():
        rag.store.upsert(ids=ids, texts=texts, embeddings=vectors, metadatas=metadatas)


def _delete_vectors(rag: RagRuntime, document_id: str) -> None:
    with rag.store.write_lock():
        rag.store.delete_document(document_id)


@metrics.observe_ingestion
async def ingest_document(
    rag: RagRuntime,
    session: AsyncSession,
    *,
    filename: str | None,
    content: bytes,
    document_type: str,
    title: str | None = None,
    document_id: str | None = None,
) -> IngestResult:
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ApplicationError(
            "FILE_TOO_LARGE", f"Documents are limited to {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB.", status=413
        )
    if document_type not in DOCUMENT_TYPES:
        raise ApplicationError(
            "VALIDATION_ERROR",
            "Invalid document type.",
            status=400,
            details={"document_type": [f"Use one of: {', '.join(DOCUMENT_TYPES)}."]},
        )
    name = safe_filename(filename)
    file_type = detect_file_type(name, content)
    if file_type == "docx":
        check_zip_container(content)  # zip-bomb caps from the central directory, before anything is inflated
    digest = content_hash_of(content)
    if await session.scalar(select(RagDocument.id).where(RagDocument.content_hash == digest)) is not None:
        raise ApplicationError(
            "DOCUMENT_EXISTS", "A document with the same content is already in the knowledge base.", status=409
        )

    if document_id is not None and await session.get(RagDocument, uuid.UUID(document_id)) is not None:
        # Never overwrite another document's chunks: replacing one is delete_document, then ingest.
        raise ApplicationError(
            "DOCUMENT_EXISTS", "A document with this id is already in the knowledge base.", status=409
        )
    doc_id = document_id or str(uuid.uuid4())
    path = _stored_path(rag.documents_dir, doc_id, name)
    vectors_written = False
    started = time.perf_counter()
    try:
        await asyncio.to_thread(path.write_bytes, content)
        loaded = await extract_text(path, file_type)  # PDF/DOCX/HTML in a CPU- and memory-limited subprocess
        chunks = await asyncio.to_thread(split_into_chunks, loaded.text, has_headings=loaded.has_headings)
        if not chunks:
            raise unsupported("The file contains no text to index.")
        doc_title = (title or "").strip() or loaded.title or Path(name).stem.replace("_", " ").replace("-", " ")
        front = loaded.front_matter
        inferred = rag.matcher.in_document(doc_title, loaded.text)
        breed = _clean_label(front.get("breed")) or inferred.breed
        breed = rag.matcher.family_named(breed) or rag.matcher.canonical(breed) or breed if breed else None
        species = (
            _clean_label(front.get("species")) or (rag.matcher.species_of(breed) if breed else None) or inferred.species
        )
        if species not in (*SPECIES, ALL_SPECIES):
            species = None
        conditions = [str(item) for item in front.get("health_conditions") or []]
        metadata = {key: value for key, value in front.items() if key not in {"title", "document_type"}}

        row = RagDocument(
            id=uuid.UUID(doc_id),
            title=doc_title[:300],
            source=name,
            document_type=document_type,
            file_type=file_type,
            content_hash=digest,
            chunk_count=len(chunks),
            size_bytes=len(content),
            status="ready",
            breed=breed,
            species=species,
            metadata_=metadata,
        )
        session.add(row)
        await session.flush()  # the unique content_hash also stops a concurrent duplicate here

        chunk_metadata = {
            "document_id": doc_id,
            "title": doc_title[:300],
            "source": name,
            "document_type": document_type,
            "breed": breed or "",
            "species": species or ALL_SPECIES,
            "health_conditions": "; ".join(conditions),
        }
        # The title goes into the embedded text so a chunk deep in a breed profile still "knows" its breed.
        vectors = await asyncio.to_thread(
            _embed_with_progress, rag, [f"{doc_title}\n{chunk}" for chunk in chunks], document_id=doc_id
        )
        vectors_written = True
        await asyncio.to_thread(
            _write_vectors,
            rag,
            ids=[chunk_id(doc_id, index) for index in range(len(chunks))],
            texts=chunks,
            vectors=vectors,
            metadatas=[{**chunk_metadata, "chunk_index": index} for index in range(len(chunks))],
        )
        await session.commit()
    except BaseException as exc:
        await session.rollback()
        if vectors_written:
            await asyncio.to_thread(_delete_vectors, rag, doc_id)
        path.unlink(missing_ok=True)
        if isinstance(exc, IntegrityError):
            raise ApplicationError(
                "DOCUMENT_EXISTS", "A document with the same content is already in the knowledge base.", status=409
            ) from exc
        raise
    elapsed = time.perf_counter() - started
    logger.info(
        "rag_document_ingested", document_id=doc_id, chunks=len(chunks), file_type=file_type, seconds=round(elapsed, 3)
    )
    return IngestResult(
        document_id=doc_id,
        title=row.title,
        document_type=document_type,
        chunk_count=len(chunks),
        content_hash=digest,
        source=name,
        breed=breed,
        species=species,
        progress=IngestProgress(chunks_done=len(chunks), chunks_total=len(chunks)),
    )


async def delete_document(rag: RagRuntime, session: AsyncSession, *, document_id: str) -> None:
    try:
        parsed = uuid.UUID(document_id)
    except ValueError as exc:
        raise ApplicationError("DOCUMENT_NOT_FOUND", "No such document.", status=404) from exc
    row = await session.get(RagDocument, parsed)
    if row is None:
        raise ApplicationError("DOCUMENT_NOT_FOUND", "No such document.", status=404)
    await asyncio.to_thread(_delete_vectors, rag, str(parsed))
    stored = _stored_path(rag.documents_dir, str(parsed), row.source)
    await session.delete(row)
    await session.commit()
    stored.unlink(missing_ok=True)
    logger.info("rag_document_deleted", document_id=str(parsed))


async def list_documents(session: AsyncSession) -> list[RagDocument]:
    return list(
        (await session.scalars(select(RagDocument).order_by(RagDocument.created_at.desc(), RagDocument.title))).all()
    )
