"""POST /api/v1/rag/ingest (validated in the request, indexed by a real Celery worker), GET /api/v1/rag/documents,
DELETE /api/v1/rag/documents/{id}."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.rag.models import RagDocument
from app.rag.runtime import RagRuntime
from tests.conftest import envelope_data, envelope_error
from tests.rag.documents import DOCX_TEXT, PDF_TEXT, docx_bytes, fixture_bytes, pdf_bytes
from tests.rag.jobs import ingest_and_wait

Headers = Callable[[], dict[str, str]]
INGEST = "/api/v1/rag/ingest"
pytestmark = pytest.mark.usefixtures("worker")


async def ingest(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    name: str,
    content: bytes,
    document_type: str = "care",
    **form: str,
) -> httpx.Response:
    return await client.post(
        INGEST, headers=headers, files={"file": (name, content)}, data={"document_type": document_type, **form}
    )


async def delete(client: httpx.AsyncClient, admin_headers: Headers, document_id: str) -> None:
    response = await client.delete(f"/api/v1/rag/documents/{document_id}", headers=admin_headers())
    assert response.status_code == 200, response.text


def stored_texts(rag: RagRuntime, document_id: str) -> list[str]:
    documents = rag.store.collection().get(where={"document_id": document_id}, include=["documents"])["documents"]
    assert documents is not None
    return list(documents)


@pytest.mark.parametrize(
    ("name", "content", "expected_text", "expected_type"),
    [
        ("beagle-ear-care.md", fixture_bytes("beagle-ear-care.md"), "veterinary ear cleaner", "markdown"),
        ("quokka-enrichment.txt", fixture_bytes("quokka-enrichment.txt"), "hollow logs", "text"),
        ("cat-grass.html", fixture_bytes("cat-grass.html"), "lilies are poisonous", "html"),
        ("tortoise.docx", docx_bytes(), DOCX_TEXT, "docx"),
        ("rabbit-teeth.pdf", pdf_bytes(), PDF_TEXT, "pdf"),
    ],
)
async def test_ingest_each_format_writes_row_and_vectors(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    name: str,
    content: bytes,
    expected_text: str,
    expected_type: str,
) -> None:
    data = await ingest_and_wait(client, admin_headers, name, content)

    assert data["state"] == "ready" and data["chunk_count"] >= 1
    texts = stored_texts(rag, data["document_id"])
    assert len(texts) == data["chunk_count"]
    assert expected_text in " ".join(" ".join(texts).split())
    listed = envelope_data(await client.get("/api/v1/rag/documents", headers=admin_headers()))
    row = next(item for item in listed if item["id"] == data["document_id"])
    assert row["file_type"] == expected_type and row["chunk_count"] == data["chunk_count"]
    await delete(client, admin_headers, data["document_id"])


async def test_markdown_front_matter_and_html_headings_become_metadata(
    client: httpx.AsyncClient, admin_headers: Headers, rag: RagRuntime
) -> None:
    md = await ingest_and_wait(
        client, admin_headers, "beagle-ear-care.md", fixture_bytes("beagle-ear-care.md"), "breed_guide"
    )
    html = await ingest_and_wait(client, admin_headers, "cat-grass.html", fixture_bytes("cat-grass.html"))

    assert (md["title"], md["breed"], md["species"]) == ("Beagle ear care guide", "Beagle", "dog")
    assert (html["title"], html["species"]) == ("Cat grass and indoor cats", "cat")
    metadatas = rag.store.collection().get(where={"document_id": md["document_id"]}, include=["metadatas"])["metadatas"]
    assert metadatas is not None
    chunk_indexes = sorted(index for meta in metadatas if isinstance(index := meta["chunk_index"], int))
    assert chunk_indexes == list(range(md["chunk_count"]))
    assert {meta["breed"] for meta in metadatas} == {"Beagle"}
    await delete(client, admin_headers, md["document_id"])
    await delete(client, admin_headers, html["document_id"])


async def test_same_content_twice_is_409_document_exists(client: httpx.AsyncClient, admin_headers: Headers) -> None:
    first = await ingest_and_wait(
        client, admin_headers, "quokka-enrichment.txt", fixture_bytes("quokka-enrichment.txt")
    )
    second = await ingest(client, admin_headers(), "renamed.txt", fixture_bytes("quokka-enrichment.txt"))

    assert second.status_code == 409
    assert envelope_error(second)["code"] == "DOCUMENT_EXISTS"
    await delete(client, admin_headers, first["document_id"])


async def test_delete_removes_vectors_row_and_file(
    client: httpx.AsyncClient, admin_headers: Headers, rag: RagRuntime
) -> None:
    data = await ingest_and_wait(client, admin_headers, "cat-grass.html", fixture_bytes("cat-grass.html"))
    assert stored_texts(rag, data["document_id"])

    await delete(client, admin_headers, data["document_id"])

    assert stored_texts(rag, data["document_id"]) == []
    assert not list(rag.documents_dir.glob(f"{data['document_id']}-*"))
    again = await client.delete(f"/api/v1/rag/documents/{data['document_id']}", headers=admin_headers())
    assert again.status_code == 404 and envelope_error(again)["code"] == "DOCUMENT_NOT_FOUND"


async def test_delete_malformed_id_is_404(client: httpx.AsyncClient, admin_headers: Headers) -> None:
    response = await client.delete("/api/v1/rag/documents/not-a-uuid", headers=admin_headers())

    assert response.status_code == 404
    assert envelope_error(response)["code"] == "DOCUMENT_NOT_FOUND"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.exe", b"MZ\x90\x00binary"),
        ("fake.pdf", b"just text pretending to be a pdf"),
        ("fake.docx", b"PK\x03\x04 not really a zip"),
        ("binary.txt", b"\x00\x01\x02\xff\xfe"),
        ("plain.html", b"no markup at all, only words"),
        ("empty.md", b"   \n"),
        ("noextension", b"hello world"),
    ],
)
async def test_unsupported_or_mismatched_file_is_400(
    client: httpx.AsyncClient, admin_headers: Headers, name: str, content: bytes
) -> None:
    response = await ingest(client, admin_headers(), name, content)

    assert response.status_code == 400
    assert envelope_error(response)["code"] == "UNSUPPORTED_FILE"


async def test_unknown_document_type_is_400_validation_error(client: httpx.AsyncClient, admin_headers: Headers) -> None:
    response = await ingest(
        client, admin_headers(), "quokka.txt", fixture_bytes("quokka-enrichment.txt"), document_type="gossip"
    )

    assert response.status_code == 400
    assert "document_type" in envelope_error(response)["details"]


async def test_oversized_file_is_413(
    client: httpx.AsyncClient, admin_headers: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.api.routes.rag.MAX_DOCUMENT_BYTES", 1024)

    response = await ingest(client, admin_headers(), "big.txt", b"word " * 1000)

    assert response.status_code == 413
    assert envelope_error(response)["code"] == "FILE_TOO_LARGE"


async def test_traversal_filename_is_stored_inside_documents_dir(
    client: httpx.AsyncClient, admin_headers: Headers, rag: RagRuntime
) -> None:
    data = await ingest_and_wait(
        client, admin_headers, "../../../../etc/evil..\\..\\notes.md", fixture_bytes("beagle-ear-care.md")
    )

    assert data["source"] == "notes.md"
    stored = list(rag.documents_dir.glob(f"{data['document_id']}-*"))
    assert [path.name for path in stored] == [f"{data['document_id']}-notes.md"]
    assert stored[0].resolve().parent == rag.documents_dir
    await delete(client, admin_headers, data["document_id"])


async def test_a_document_the_worker_cannot_read_is_failed_with_its_reason_and_leaves_nothing(
    client: httpx.AsyncClient, admin_headers: Headers, rag: RagRuntime, app: Any
) -> None:
    broken = b"%PDF-1.4\n" + b"this is not a real pdf body " * 50  # passes the request's checks, not the parser

    failed = await ingest_and_wait(client, admin_headers, "broken.pdf", broken)

    assert failed["state"] == "failed" and failed["status"] == "failed"
    assert "could not be read" in failed["error"]
    assert stored_texts(rag, failed["document_id"]) == []
    assert rag.store.staged_ids(failed["document_id"]) == set()
    assert not list(rag.documents_dir.glob(f"{failed['document_id']}-*"))
    again = await ingest_and_wait(client, admin_headers, "broken.pdf", broken)  # a failed one does not block a retry
    assert again["state"] == "failed" and again["document_id"] != failed["document_id"]
    async with app.state.session_factory() as session:
        rows = await session.scalar(
            select(func.count()).select_from(RagDocument).where(RagDocument.content_hash == failed["content_hash"])
        )
    assert rows == 1
    await delete(client, admin_headers, again["document_id"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", INGEST),
        ("get", "/api/v1/rag/documents"),
        ("delete", "/api/v1/rag/documents/00000000-0000-0000-0000-000000000000"),
    ],
)
async def test_admin_routes_refuse_users_with_403(
    client: httpx.AsyncClient, user_headers: Headers, method: str, path: str
) -> None:
    kwargs: dict[str, Any] = (
        {"files": {"file": ("a.txt", b"hello there")}, "data": {"document_type": "care"}} if method == "post" else {}
    )

    response = await client.request(method.upper(), path, headers=user_headers(), **kwargs)

    assert response.status_code == 403
    assert envelope_error(response)["code"] == "FORBIDDEN"


async def test_rag_routes_refuse_requests_without_gateway_signature(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/rag/query", json={"question": "How often should I brush my dog's teeth?"})

    assert response.status_code == 401
    assert envelope_error(response)["code"] == "GATEWAY_REQUIRED"
