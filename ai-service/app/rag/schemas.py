"""Pydantic shapes of the knowledge base: API bodies and what other domains receive."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from app.rag.constants import DEFAULT_TOP_K, MAX_TOP_K

DocumentType = Literal["breed_guide", "health_info", "nutrition", "care"]


class Source(BaseModel):
    document_id: str
    title: str
    source: str
    document_type: str
    chunk_index: int
    score: float
    excerpt: str


class RagQueryIn(BaseModel):
    question: str = Field(min_length=1, max_length=1000)
    breed: str | None = Field(default=None, max_length=120)
    species: Literal["dog", "cat"] | None = None
    top_k: int = Field(default=DEFAULT_TOP_K, ge=1, le=MAX_TOP_K)

    @field_validator("question")
    @classmethod
    def question_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("The question must not be blank.")
        return value.strip()


class RagAnswer(BaseModel):
    """`answered` is false when nothing in the knowledge base is relevant (then `sources` is empty);
    every [n] in `answer` is `sources[n-1]`, and only cited passages are listed."""

    answer: str
    answered: bool = True
    sources: list[Source]
    degraded: list[str] = Field(default_factory=list)


class HealthInfo(BaseModel):
    """Health information for one breed. `degraded` names what fell back: "rag_llm" (extractive
    summary, Ollama unavailable) or "rag" (the knowledge base failed: catalog data only)."""

    summary: str
    common_conditions: list[str]
    sources: list[Source]
    degraded: list[str] = Field(default_factory=list)


class IngestProgress(BaseModel):
    chunks_done: int
    chunks_total: int


class IngestResult(BaseModel):
    document_id: str
    title: str
    document_type: str
    chunk_count: int
    content_hash: str
    source: str
    breed: str | None
    species: str | None
    progress: IngestProgress


class IngestAccepted(BaseModel):
    """202 from POST /rag/ingest: poll the job (GET /jobs/{job_id}) or the document list."""

    job_id: str
    document_id: str


class DocumentOut(BaseModel):
    """`state`: processing (being indexed, not searchable yet), ready (searchable) or failed (`error` says why);
    `status` is the same value under its older name."""

    id: uuid.UUID
    title: str
    source: str
    document_type: str
    file_type: str
    content_hash: str
    chunk_count: int
    size_bytes: int
    status: str
    state: Literal["processing", "ready", "failed"]
    error: str | None
    job_id: uuid.UUID | None
    progress: IngestProgress
    breed: str | None
    species: str | None
    metadata: dict[str, Any]
    created_at: datetime


class DocumentText(BaseModel):
    """One document as a signed-in user reads it (GET /api/v1/rag/documents/{document_id})."""

    document_id: str
    title: str
    document_type: str
    source: str
    text: str


class DocumentDeleted(BaseModel):
    document_id: str
    deleted: bool
