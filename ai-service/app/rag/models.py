"""The `rag_documents` table: one row per ingested document (its chunks live in Chroma), and
`rag_document_texts`: the text extracted from it, stored once so reading it back never re-parses the file."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

# processing: its job is parsing / embedding it (not searchable); ready: searchable; failed: see `error`.
DOCUMENT_STATES = ("processing", "ready", "failed")


class RagDocument(Base):
    __tablename__ = "rag_documents"
    __table_args__ = (
        CheckConstraint("document_type IN ('breed_guide', 'health_info', 'nutrition', 'care')", name="document_type"),
        CheckConstraint("status IN ('processing', 'ready', 'failed')", name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(300))  # the stored file name
    document_type: Mapped[str] = mapped_column(String(32), index=True)
    file_type: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # uq_rag_documents_content_hash
    chunk_count: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="ready", server_default="ready")
    error: Mapped[str | None] = mapped_column(String(500))
    job_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    chunks_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    breed: Mapped[str | None] = mapped_column(String(120), index=True)
    species: Mapped[str | None] = mapped_column(String(8))
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RagDocumentText(Base):
    __tablename__ = "rag_document_texts"

    # The document's id (no foreign key, as the other tables: removing a document removes this row with it,
    # app.rag.ingestion's delete_document / discard_document / fail_document).
    document_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(String(300))
    has_headings: Mapped[bool] = mapped_column(Boolean)
    front_matter: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
