"""Read one knowledge-base document back as text, so a user can open the source an answer cites."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from smartbreeds_common.errors import ApplicationError

from app.rag.ingestion import _stored_path
from app.rag.models import RagDocument
from app.rag.parsing import extract_text
from app.rag.runtime import RagRuntime
from app.rag.schemas import DocumentText


def _not_found() -> ApplicationError:
    return ApplicationError("DOCUMENT_NOT_FOUND", "No such document.", status=404)


def _chunks_of(rag: RagRuntime, row: RagDocument) -> str:
    """The document's indexed chunks in order: its text when the stored file is gone."""
    stored = rag.store.collection().get(where={"document_id": str(row.id)}, include=["documents", "metadatas"])
    pairs = zip(stored["metadatas"] or [], stored["documents"] or [], strict=False)
    ordered = sorted(pairs, key=lambda pair: int(str((pair[0] or {}).get("chunk_index", 0))))
    return "\n\n".join(text or "" for _, text in ordered).strip()


async def _text_of(rag: RagRuntime, row: RagDocument) -> str:
    """The stored file's text as it was indexed (front matter left out), read like at ingestion: PDF, DOCX
    and HTML only in the limited parser subprocess; its chunks if the file is gone."""
    path = _stored_path(rag.documents_dir, str(row.id), row.source)
    if path.is_file():
        return (await extract_text(path, row.file_type)).text.strip()
    return await asyncio.to_thread(_chunks_of, rag, row)


async def read_document(rag: RagRuntime, session: AsyncSession, *, document_id: str) -> DocumentText:
    try:
        parsed = uuid.UUID(document_id)
    except ValueError as exc:
        raise _not_found() from exc
    row = await session.get(RagDocument, parsed)
    if row is None or row.status != "ready":
        raise _not_found()
    text = await _text_of(rag, row)
    stated = (row.metadata_ or {}).get("sources") or []
    return DocumentText(
        document_id=str(row.id),
        title=row.title,
        document_type=row.document_type,
        source=row.source,
        text=text,
        organisations=[str(item) for item in stated] if isinstance(stated, list) else [str(stated)],
    )
