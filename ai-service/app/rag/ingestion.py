"""Ingest one document, in two steps: accept it in the request, index it in a background job.

`accept_document` (the request): validate the upload (size, type by bytes and extension, zip-bomb caps,
duplicate content), store the file and insert its row as `processing`. `index_document` (a Celery worker,
app.rag.tasks): extract the text once (PDF/DOCX/HTML in the limited parser subprocess) and keep it in
`rag_document_texts`, chunk, embed batch by batch into the staging collection, then publish the whole
document into the searchable collection and mark the row `ready`. A redelivered job (its worker was killed)
reuses the stored text and the chunks already staged, and writes the same chunk ids again, so it finishes
the document once; a failure or a cancel removes every chunk, the stored file and the text.

`ingest_document` runs both steps inline (the seed command and tests without a worker).
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from smartbreeds_common.errors import ApplicationError

from app.core import metrics
from app.rag.chunking import split_into_chunks
from app.rag.constants import ALL_SPECIES, DOCUMENT_TYPES, EMBED_BATCH_SIZE, MAX_DOCUMENT_BYTES, SPECIES
from app.rag.file_types import check_zip_container, detect_file_type, safe_filename, unsupported
from app.rag.loaders import LoadedText
from app.rag.models import RagDocument, RagDocumentText
from app.rag.parsing import extract_text
from app.rag.runtime import RagRuntime
from app.rag.schemas import IngestProgress, IngestResult

logger = structlog.get_logger(__name__)

CHUNK_NAMESPACE = uuid.UUID("6f1c2a52-93e4-4c55-9d0e-3b0b8f5b7a10")
MAX_ERROR_CHARS = 500

# (chunks_done, chunks_total) after each embedded batch; raises IngestionStopped when the job was cancelled.
ProgressHook = Callable[[int, int], Awaitable[None]]


class IngestionStopped(Exception):
    """The job was cancelled (or the document removed) while it ran: stop and leave nothing behind."""


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


def document_exists() -> ApplicationError:
    return ApplicationError(
        "DOCUMENT_EXISTS", "A document with the same content is already in the knowledge base.", status=409
    )


@dataclass(frozen=True, slots=True)
class AcceptedDocument:
    document_id: str
    name: str
    file_type: str
    content_hash: str


def validate_upload(*, filename: str | None, content: bytes, document_type: str) -> tuple[str, str]:
    """(safe file name, file type), or the same 4xx as ever: size, type, bytes vs extension, zip bombs."""
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
    return name, file_type


@metrics.observe_ingestion  # the request's refusals (type, size, bombs) by code; the worker's in app.rag.tasks
async def accept_document(
    rag: RagRuntime,
    session: AsyncSession,
    *,
    filename: str | None,
    content: bytes,
    document_type: str,
    title: str | None = None,
    document_id: str | None = None,
    job_id: str | None = None,
) -> AcceptedDocument:
    """Validate, store the file, insert the row as `processing` (committed). A failed document with the
    same content is replaced; a processing or ready one is 409 DOCUMENT_EXISTS."""
    name, file_type = validate_upload(filename=filename, content=content, document_type=document_type)
    digest = content_hash_of(content)
    same = await session.scalar(select(RagDocument).where(RagDocument.content_hash == digest))
    if same is not None and same.status != "failed":
        raise document_exists()
    if document_id is not None and await session.get(RagDocument, uuid.UUID(document_id)) is not None:
        # Never overwrite another document's chunks: replacing one is delete_document, then ingest.
        raise ApplicationError(
            "DOCUMENT_EXISTS", "A document with this id is already in the knowledge base.", status=409
        )
    if same is not None:  # a failed attempt at the same file: its chunks and file are already gone
        await session.delete(same)
        await session.flush()
    doc_id = document_id or str(uuid.uuid4())
    path = _stored_path(rag.documents_dir, doc_id, name)
    session.add(
        RagDocument(
            id=uuid.UUID(doc_id),
            title=((title or "").strip() or Path(name).stem.replace("_", " ").replace("-", " "))[:300],
            source=name,
            document_type=document_type,
            file_type=file_type,
            content_hash=digest,
            chunk_count=0,
            chunks_done=0,
            size_bytes=len(content),
            status="processing",
            job_id=uuid.UUID(job_id) if job_id else None,
            metadata_={"requested_title": (title or "").strip()} if (title or "").strip() else {},
        )
    )
    try:
        await asyncio.to_thread(path.write_bytes, content)
        await session.commit()  # the unique content_hash also stops a concurrent duplicate here
    except BaseException as exc:
        await session.rollback()
        path.unlink(missing_ok=True)
        if isinstance(exc, IntegrityError):
            raise document_exists() from exc
        raise
    return AcceptedDocument(document_id=doc_id, name=name, file_type=file_type, content_hash=digest)


async def _document_text(rag: RagRuntime, session: AsyncSession, row: RagDocument) -> LoadedText:
    """The extracted text: from `rag_document_texts` when a previous attempt stored it, else parsed once and stored."""
    stored = await session.get(RagDocumentText, row.id)
    if stored is not None:
        return LoadedText(
            text=stored.text, has_headings=stored.has_headings, front_matter=stored.front_matter, title=stored.title
        )
    path = _stored_path(rag.documents_dir, str(row.id), row.source)
    if not path.is_file():
        raise IngestionStopped("the stored file is gone")
    loaded = await extract_text(path, row.file_type)  # PDF/DOCX/HTML in a CPU- and memory-limited subprocess
    session.add(
        RagDocumentText(
            document_id=row.id,
            text=loaded.text,
            title=loaded.title[:300] if loaded.title else None,
            has_headings=loaded.has_headings,
            front_matter=loaded.front_matter,
        )
    )
    await session.commit()
    if await session.get(RagDocument, row.id, populate_existing=True) is None:  # removed meanwhile (cancelled)
        raise IngestionStopped("the document was removed")
    return loaded


def _describe(rag: RagRuntime, row: RagDocument, loaded: LoadedText) -> dict[str, Any]:
    """Title, breed, species, conditions and metadata from the text, its front matter and the upload's form."""
    requested = str((row.metadata_ or {}).get("requested_title") or "")
    doc_title = requested or loaded.title or Path(row.source).stem.replace("_", " ").replace("-", " ")
    front = loaded.front_matter
    inferred = rag.matcher.in_document(doc_title, loaded.text)
    breed = _clean_label(front.get("breed")) or inferred.breed
    breed = rag.matcher.family_named(breed) or rag.matcher.canonical(breed) or breed if breed else None
    species = (
        _clean_label(front.get("species")) or (rag.matcher.species_of(breed) if breed else None) or inferred.species
    )
    if species not in (*SPECIES, ALL_SPECIES):
        species = None
    return {
        "title": doc_title[:300],
        "breed": breed,
        "species": species,
        "conditions": [str(item) for item in front.get("health_conditions") or []],
        "metadata": {key: value for key, value in front.items() if key not in {"title", "document_type"}},
    }


def _embed_and_stage(
    rag: RagRuntime, *, ids: list[str], texts: list[str], embed_texts: list[str], metadatas: list[dict[str, Any]]
) -> None:
    vectors = rag.embed_model.get_text_embedding_batch(embed_texts)
    with rag.store.write_lock():
        rag.store.stage(ids=ids, texts=texts, embeddings=vectors, metadatas=metadatas)


def _publish(rag: RagRuntime, document_id: str) -> int:
    with rag.store.write_lock():
        return rag.store.publish(document_id)


def _delete_vectors(rag: RagRuntime, document_id: str) -> None:
    with rag.store.write_lock():
        rag.store.delete_document(document_id)
        rag.store.delete_staged(document_id)


async def _no_progress(_done: int, _total: int) -> None:
    return None


async def index_document(
    rag: RagRuntime,
    session_factory: async_sessionmaker[AsyncSession],
    *,
    document_id: str,
    on_progress: ProgressHook = _no_progress,
) -> int:
    """Parse (once), chunk, embed into staging (resuming), publish, mark `ready`; the number of chunks.

    Raises IngestionStopped when the row is gone or `on_progress` says the job was cancelled (the caller
    removes what was written, published chunks included), and ApplicationError for a document that cannot be
    indexed. Staged chunks stay until the row is `ready`, so a run that dies after publishing only publishes
    again. The caller then finishes its job: a cancel that came in between still wins (and removes it all)."""
    async with session_factory() as session:
        row = await session.get(RagDocument, uuid.UUID(document_id))
        if row is None:
            raise IngestionStopped("the document was removed")
        if row.status == "ready":
            return row.chunk_count  # a redelivery after the document was finished
        loaded = await _document_text(rag, session, row)
        described = _describe(rag, row, loaded)
        source, document_type = row.source, row.document_type
    chunks = await asyncio.to_thread(split_into_chunks, loaded.text, has_headings=loaded.has_headings)
    if not chunks:
        raise unsupported("The file contains no text to index.")
    total = len(chunks)
    chunk_metadata = {
        "document_id": document_id,
        "title": described["title"],
        "source": source,
        "document_type": document_type,
        "breed": described["breed"] or "",
        "species": described["species"] or ALL_SPECIES,
        "health_conditions": "; ".join(described["conditions"]),
    }
    ids = [chunk_id(document_id, index) for index in range(total)]
    staged = await asyncio.to_thread(rag.store.staged_ids, document_id)
    missing = [index for index in range(total) if ids[index] not in staged]
    done = total - len(missing)
    await on_progress(done, total)
    for start in range(0, len(missing), EMBED_BATCH_SIZE):
        batch = missing[start : start + EMBED_BATCH_SIZE]
        # The title goes into the embedded text so a chunk deep in a breed profile still "knows" its breed.
        await asyncio.to_thread(
            _embed_and_stage,
            rag,
            ids=[ids[index] for index in batch],
            texts=[chunks[index] for index in batch],
            embed_texts=[f"{described['title']}\n{chunks[index]}" for index in batch],
            metadatas=[{**chunk_metadata, "chunk_index": index} for index in batch],
        )
        done += len(batch)
        await on_progress(done, total)
        logger.info("rag_ingest_progress", document_id=document_id, chunks_done=done, chunks_total=total)
    await asyncio.to_thread(_publish, rag, document_id)
    async with session_factory() as session:
        result = await session.execute(
            update(RagDocument)
            .where(RagDocument.id == uuid.UUID(document_id), RagDocument.status == "processing")
            .values(
                status="ready",
                error=None,
                title=described["title"],
                breed=described["breed"],
                species=described["species"],
                metadata_=described["metadata"],
                chunk_count=total,
                chunks_done=total,
            )
        )
        await session.commit()
    if not getattr(result, "rowcount", 1):
        raise IngestionStopped("the document was removed while it was published")
    await asyncio.to_thread(rag.store.delete_staged, document_id)
    return total


async def record_progress(
    session_factory: async_sessionmaker[AsyncSession], *, document_id: str, done: int, total: int
) -> None:
    async with session_factory() as session:
        await session.execute(
            update(RagDocument)
            .where(RagDocument.id == uuid.UUID(document_id), RagDocument.status == "processing")
            .values(chunks_done=done, chunk_count=total)
        )
        await session.commit()


async def remove_partial(rag: RagRuntime, documents_dir: Path, *, document_id: str, source: str | None) -> None:
    """Every chunk (staged or published) and the stored file of a document that will not be ready."""
    await asyncio.to_thread(_delete_vectors, rag, document_id)
    if source:
        _stored_path(documents_dir, document_id, source).unlink(missing_ok=True)


async def fail_document(
    rag: RagRuntime, session_factory: async_sessionmaker[AsyncSession], *, document_id: str, reason: str
) -> None:
    """Mark a document `failed` with its reason, and remove its chunks, its text and its file."""
    async with session_factory() as session:
        row = await session.get(RagDocument, uuid.UUID(document_id))
        if row is None:
            return
        await remove_partial(rag, rag.documents_dir, document_id=document_id, source=row.source)
        await session.execute(delete(RagDocumentText).where(RagDocumentText.document_id == row.id))
        row.status, row.error, row.chunks_done = "failed", reason[:MAX_ERROR_CHARS], 0
        await session.commit()
    logger.info("rag_document_failed", document_id=document_id, reason=reason[:200])


async def discard_document(
    rag: RagRuntime, session_factory: async_sessionmaker[AsyncSession], *, document_id: str
) -> None:
    """A cancelled ingestion: the row, its text, its chunks and its file are all removed."""
    async with session_factory() as session:
        row = await session.get(RagDocument, uuid.UUID(document_id))
        source = row.source if row is not None else None
        await session.execute(delete(RagDocumentText).where(RagDocumentText.document_id == uuid.UUID(document_id)))
        if row is not None:
            await session.delete(row)
        await session.commit()
    await remove_partial(rag, rag.documents_dir, document_id=document_id, source=source)


async def ingest_document(
    rag: RagRuntime,
    session: AsyncSession,
    *,
    filename: str | None,
    content: bytes,
    document_type: str,
    title: str | None = None,
    session_factory: async_sessionmaker[AsyncSession],
    document_id: str | None = None,
) -> IngestResult:
    """Accept and index in one go (the seed command; no job). A failure leaves nothing behind."""
    started = time.perf_counter()
    accepted = await accept_document(
        rag, session, filename=filename, content=content, document_type=document_type, title=title,
        document_id=document_id,
    )  # fmt: skip
    factory = session_factory
    try:
        chunks = await index_document(rag, factory, document_id=accepted.document_id)
    except BaseException:
        await discard_document(rag, factory, document_id=accepted.document_id)
        raise
    async with factory() as fresh:
        row = await fresh.get(RagDocument, uuid.UUID(accepted.document_id))
    if row is None:
        raise IngestionStopped("the document was removed")
    logger.info(
        "rag_document_ingested",
        document_id=accepted.document_id,
        chunks=chunks,
        file_type=accepted.file_type,
        seconds=round(time.perf_counter() - started, 3),
    )
    return IngestResult(
        document_id=accepted.document_id,
        title=row.title,
        document_type=document_type,
        chunk_count=chunks,
        content_hash=accepted.content_hash,
        source=accepted.name,
        breed=row.breed,
        species=row.species,
        progress=IngestProgress(chunks_done=chunks, chunks_total=chunks),
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
    await session.execute(delete(RagDocumentText).where(RagDocumentText.document_id == parsed))
    await session.delete(row)
    await session.commit()
    stored.unlink(missing_ok=True)
    logger.info("rag_document_deleted", document_id=str(parsed))


async def list_documents(session: AsyncSession) -> list[RagDocument]:
    return list(
        (await session.scalars(select(RagDocument).order_by(RagDocument.created_at.desc(), RagDocument.title))).all()
    )
