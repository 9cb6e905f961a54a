"""Read one knowledge-base document back as text, so a user can open the source an answer cites.

Reads never parse: the text was extracted once, by the ingestion job (app.rag.ingestion).
"""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from smartbreeds_common.errors import ApplicationError

from app.rag.models import RagDocument, RagDocumentText
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


async def _text_of(rag: RagRuntime, session: AsyncSession, row: RagDocument) -> str:
    """The text extracted once at ingestion (front matter left out): never parsed again on a read.
    A document ingested before texts were stored is read back from its chunks."""
    stored = await session.get(RagDocumentText, row.id)
    if stored is not None:
        return stored.text.strip()
    return await asyncio.to_thread(_chunks_of, rag, row)


async def read_document(rag: RagRuntime, session: AsyncSession, *, document_id: str) -> DocumentText:
    try:
        parsed = uuid.UUID(document_id)
    except ValueError as exc:
        raise _not_found() from exc
    row = await session.get(RagDocument, parsed)
    if row is None or row.status != "ready":
        raise _not_found()
    text = await _text_of(rag, session, row)
    return DocumentText(
        document_id=str(row.id), title=row.title, document_type=row.document_type, source=row.source, text=text
    )
