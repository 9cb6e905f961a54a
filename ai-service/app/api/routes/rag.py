"""The knowledge base over HTTP: query (users), ingest / list / delete documents (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.fastapi.schemas import Envelope

from app.api.deps import CurrentAdmin, CurrentUser, SessionDep
from app.rag import documents, ingestion, jobs, service
from app.rag.constants import MAX_DOCUMENT_BYTES
from app.rag.runtime import RagRuntime
from app.rag.schemas import (
    DocumentDeleted,
    DocumentOut,
    DocumentText,
    DocumentType,
    IngestAccepted,
    RagAnswer,
    RagQueryIn,
)

router = APIRouter(prefix="/api/v1/rag", tags=["rag"])

# DocumentOut's fields read straight from the row (the others are computed below).
COLUMNS = frozenset(DocumentOut.model_fields) - {"metadata", "state", "progress"}

_READ_BLOCK = 1024 * 1024


def get_rag(request: Request) -> RagRuntime:
    rag: RagRuntime | None = getattr(request.app.state, "rag", None)
    if rag is None:
        raise ApplicationError("SERVICE_UNAVAILABLE", "The knowledge base is not available.", status=503)
    return rag


RagDep = Annotated[RagRuntime, Depends(get_rag)]


async def _read_limited(upload: UploadFile) -> bytes:
    """The upload's bytes, refusing (413) as soon as it passes the limit instead of buffering it all."""
    content = bytearray()
    while block := await upload.read(_READ_BLOCK):
        content.extend(block)
        if len(content) > MAX_DOCUMENT_BYTES:
            raise ApplicationError(
                "FILE_TOO_LARGE", f"Documents are limited to {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB.", status=413
            )
    return bytes(content)


@router.post("/query")
async def query_knowledge_base(body: RagQueryIn, rag: RagDep, _user: CurrentUser) -> Envelope[RagAnswer]:
    answer = await service.answer_question(
        rag, question=body.question, breed=body.breed, species=body.species, top_k=body.top_k
    )
    return Envelope(data=answer)


@router.post("/ingest", status_code=202)
async def ingest_document(
    request: Request,
    rag: RagDep,
    session: SessionDep,
    admin: CurrentAdmin,
    file: Annotated[UploadFile, File()],
    document_type: Annotated[DocumentType, Form()],
    title: Annotated[str | None, Form(max_length=300)] = None,
) -> Envelope[IngestAccepted]:
    """Validated here (type, size, duplicate, zip bombs); parsed, embedded and published by a worker job."""
    content = await _read_limited(file)
    accepted = await jobs.start_ingestion(
        request.app.state, rag, session, admin=admin, filename=file.filename, content=content,
        document_type=document_type, title=title,
    )  # fmt: skip
    return Envelope(data=accepted)


@router.get("/documents")
async def list_documents(session: SessionDep, _admin: CurrentAdmin) -> Envelope[list[DocumentOut]]:
    rows = await ingestion.list_documents(session)
    documents = [
        DocumentOut.model_validate(
            {
                **{column: getattr(row, column) for column in DocumentOut.model_fields if column in COLUMNS},
                "metadata": row.metadata_,
                "state": row.status,
                "progress": {"chunks_done": row.chunks_done, "chunks_total": row.chunk_count},
            }
        )
        for row in rows
    ]
    return Envelope(data=documents)


@router.get("/documents/{document_id}")
async def read_document(
    document_id: str, rag: RagDep, session: SessionDep, _user: CurrentUser
) -> Envelope[DocumentText]:
    """Any signed-in user may read a document (to open a cited source); 404 DOCUMENT_NOT_FOUND otherwise."""
    document = await documents.read_document(rag, session, document_id=document_id)
    return Envelope(data=document)


@router.delete("/documents/{document_id}")
async def delete_document(
    document_id: str, rag: RagDep, session: SessionDep, _admin: CurrentAdmin
) -> Envelope[DocumentDeleted]:
    await ingestion.delete_document(rag, session, document_id=document_id)
    return Envelope(data=DocumentDeleted(document_id=document_id, deleted=True))
