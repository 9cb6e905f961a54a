"""Hostile documents through POST /api/v1/rag/ingest: refused with a stable code, nothing stored, the
service's own memory unchanged, every parser child under its limit, and the next request served.

The parser limits are tightened for the run (3 s CPU, 384 MiB) so a bomb is refused in seconds; the same
bombs at the production limits are measured by benchmarks/hostile_documents.py (docs/reliability.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.core import metrics
from app.rag import parsing
from app.rag.document_limits import MAX_EXTRACTED_CHARS, ParseLimits
from app.rag.models import RagDocument
from app.rag.parsing import ParseReport, run_parser
from app.rag.runtime import RagRuntime
from app.rag.tasks import run_ingestion
from tests.conftest import envelope_data, envelope_error
from tests.rag import bombs
from tests.rag.documents import PDF_TEXT, docx_bytes, pdf_bytes
from tests.rag.jobs import ingest_inline, listed_document

Headers = Callable[[], dict[str, str]]
INGEST = "/api/v1/rag/ingest"
TEST_LIMITS = ParseLimits(cpu_seconds=3, memory_bytes=384 * 1024 * 1024, wall_seconds=30)
# The service process may grow by the upload itself (held by the client and the route) and allocator slack;
# an unbounded parse of these bombs takes 0.3-1 GiB.
RSS_GROWTH_LIMIT_KB = 128 * 1024


pytestmark = pytest.mark.usefixtures("jobs_run_here")


@pytest.fixture(autouse=True)
def parse_reports(monkeypatch: pytest.MonkeyPatch) -> list[ParseReport]:
    """Tightened limits for the run, and every parser subprocess's report (outcome, peak memory) kept."""
    reports: list[ParseReport] = []

    def recording_run_parser(path: Path, file_type: str, limits: ParseLimits) -> ParseReport:
        report = run_parser(path, file_type, limits)
        reports.append(report)
        return report

    monkeypatch.setattr(parsing, "DEFAULT_PARSE_LIMITS", TEST_LIMITS)
    monkeypatch.setattr(parsing, "run_parser", recording_run_parser)
    return reports


def rss_kb() -> int:
    """The resident set of this process, which is the service (the app runs in-process over ASGI)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


async def ingest(client: httpx.AsyncClient, headers: dict[str, str], name: str, content: bytes) -> httpx.Response:
    return await client.post(INGEST, headers=headers, files={"file": (name, content)}, data={"document_type": "care"})


async def document_count(app_state: object) -> int:
    async with app_state.session_factory() as session:  # type: ignore[attr-defined]
        return int(await session.scalar(select(func.count()).select_from(RagDocument)) or 0)


def refusals(code: str) -> float:
    return float(metrics.RAG_INGESTION_REFUSALS.labels(code=code)._value.get())


async def run_job(state: object, response: httpx.Response) -> str:
    """The accepted document's ingestion job, run in this process exactly as the Celery task runs it."""
    accepted = envelope_data(response)
    return await run_ingestion(state, job_id=accepted["job_id"], document_id=accepted["document_id"])


async def assert_refused_and_service_fine(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    reports: list[ParseReport],
    name: str,
    content: bytes,
    status: int,
    code: str,
    state: object,
) -> list[ParseReport]:
    """The bomb is refused with `code`: by the request (`status`) when its bytes tell (size, type, zip
    caps), else by its ingestion job, whose document is then `failed`; nothing of it stays indexed or
    stored, and a real document ingests after it."""
    stored_before = set(rag.documents_dir.glob("*"))
    rss_before = rss_kb()
    refused_before = refusals(code)

    response = await ingest(client, admin_headers(), name, content)

    if response.status_code == 202:  # the parse happens in the job
        accepted = envelope_data(response)
        assert await run_job(state, response) == "failed"
        document = await listed_document(client, admin_headers, accepted["document_id"])
        assert document is not None and document["state"] == "failed" and document["error"]
        assert (
            await client.delete(f"/api/v1/rag/documents/{accepted['document_id']}", headers=admin_headers())
        ).status_code == 200
    else:
        assert response.status_code == status, response.text
        assert envelope_error(response)["code"] == code
    assert refusals(code) == refused_before + 1
    assert rss_kb() - rss_before < RSS_GROWTH_LIMIT_KB
    assert all(report.peak_rss_kb <= TEST_LIMITS.memory_bytes // 1024 for report in reports)
    assert set(rag.documents_dir.glob("*")) == stored_before
    following = await ingest_inline(client, admin_headers, state, "rabbit-teeth.pdf", pdf_bytes(f"{PDF_TEXT} ({name})"))
    assert following["outcome"] == "succeeded", following
    assert (
        await client.delete(f"/api/v1/rag/documents/{following['document_id']}", headers=admin_headers())
    ).status_code == 200
    return reports[:-1]  # the bomb's own parse, if it reached the parser (the last one is the following PDF)


async def test_zip_bomb_docx_is_413_before_anything_is_inflated(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    parse_reports: list[ParseReport],
    app: Any,
) -> None:
    bomb = bombs.zip_bomb_docx(uncompressed_mib=1024)  # about 2.8 MB on the wire
    assert len(bomb) < 4 * 1024 * 1024

    bomb_parses = await assert_refused_and_service_fine(
        client, admin_headers, rag, parse_reports, "bomb.docx", bomb, 413, "DOCUMENT_TOO_LARGE", app.state
    )

    assert bomb_parses == []  # refused from the central directory: no parser ever ran


async def test_high_ratio_docx_under_the_size_cap_is_422(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    parse_reports: list[ParseReport],
    app: Any,
) -> None:
    bomb = bombs.high_ratio_docx(uncompressed_mib=32)  # 32 MiB from about 45 KB

    bomb_parses = await assert_refused_and_service_fine(
        client, admin_headers, rag, parse_reports, "ratio.docx", bomb, 422, "DOCUMENT_UNPARSEABLE", app.state
    )

    assert bomb_parses == []


async def test_docx_with_too_much_text_is_413_from_the_parser(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    parse_reports: list[ParseReport],
    app: Any,
) -> None:
    wordy = bombs.wordy_docx(characters=MAX_EXTRACTED_CHARS + 100_000)  # an ordinary ratio: passes the zip caps

    bomb_parses = await assert_refused_and_service_fine(
        client, admin_headers, rag, parse_reports, "wordy.docx", wordy, 413, "DOCUMENT_TOO_LARGE", app.state
    )

    assert [report.outcome for report in bomb_parses] == ["too_large"]


async def test_yaml_alias_bomb_in_front_matter_is_422(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    parse_reports: list[ParseReport],
    app: Any,
) -> None:
    bomb = bombs.yaml_alias_bomb_markdown(levels=9)  # 9**9 = 387 M strings if the aliases were expanded
    assert len(bomb) < 1024

    await assert_refused_and_service_fine(
        client, admin_headers, rag, parse_reports, "laughs.md", bomb, 422, "DOCUMENT_UNPARSEABLE", app.state
    )


async def test_oversized_front_matter_is_413(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    parse_reports: list[ParseReport],
    app: Any,
) -> None:
    await assert_refused_and_service_fine(
        client,
        admin_headers,
        rag,
        parse_reports,
        "long.md",
        bombs.oversized_front_matter_markdown(kib=64),
        413,
        "DOCUMENT_TOO_LARGE",
        app.state,
    )


async def test_markdown_front_matter_without_aliases_still_loads(
    client: httpx.AsyncClient, admin_headers: Headers, app: Any
) -> None:
    content = b"---\ntitle: Anchors are fine\nbreed: Beagle\nhealth_conditions: [otitis]\n---\n# Anchors\n\nBeagles need ear checks.\n"

    ingested = await ingest_inline(client, admin_headers, app.state, "plain-front.md", content)

    assert ingested["outcome"] == "succeeded", ingested
    assert (ingested["document"]["title"], ingested["document"]["breed"]) == ("Anchors are fine", "Beagle")
    await client.delete(f"/api/v1/rag/documents/{ingested['document_id']}", headers=admin_headers())


async def test_slow_pdf_is_422_and_the_service_answers_while_it_parses(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    parse_reports: list[ParseReport],
    app: Any,
) -> None:
    bomb = bombs.slow_pdf(pages=2000, operators_per_page=5000)  # about 300 KB; minutes of CPU unbounded
    refused_before = refusals("DOCUMENT_UNPARSEABLE")
    accepted = await ingest(client, admin_headers(), "slow.pdf", bomb)
    assert accepted.status_code == 202, accepted.text  # the request never waits for a parse
    job = asyncio.create_task(run_job(app.state, accepted))
    await asyncio.sleep(0.5)  # the parser subprocess is running now

    health = await client.get("/health")
    listing = await client.get("/api/v1/rag/documents", headers=admin_headers())

    assert health.status_code == 200 and listing.status_code == 200
    assert not job.done()  # both were answered while the parse was still going
    assert await job == "failed"
    assert refusals("DOCUMENT_UNPARSEABLE") == refused_before + 1
    assert [report.outcome for report in parse_reports] == ["cpu"]
    await client.delete(f"/api/v1/rag/documents/{envelope_data(accepted)['document_id']}", headers=admin_headers())


async def test_memory_hungry_pdf_is_422(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    parse_reports: list[ParseReport],
    app: Any,
) -> None:
    bomb = bombs.memory_hungry_pdf(pages=16, inflated_mib=64)  # 1.5 MB inflating to 1 GiB of drawing operators

    bomb_parses = await assert_refused_and_service_fine(
        client, admin_headers, rag, parse_reports, "hungry.pdf", bomb, 422, "DOCUMENT_UNPARSEABLE", app.state
    )

    assert len(bomb_parses) == 1 and bomb_parses[0].outcome in {"unparseable", "memory", "cpu"}


async def test_huge_html_is_422_with_the_parser_held_to_its_memory_limit(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    parse_reports: list[ParseReport],
    app: Any,
) -> None:
    bomb = bombs.huge_html(mib=19)  # just under the 20 MiB upload limit

    bomb_parses = await assert_refused_and_service_fine(
        client, admin_headers, rag, parse_reports, "huge.html", bomb, 422, "DOCUMENT_UNPARSEABLE", app.state
    )

    assert len(bomb_parses) == 1 and bomb_parses[0].outcome in {"memory", "cpu"}
    assert bomb_parses[0].peak_rss_kb > 100 * 1024  # it did try: the limit, not an early exit, stopped it


async def test_many_bombs_at_once_leave_rows_and_service_intact(
    client: httpx.AsyncClient, admin_headers: Headers, app: Any
) -> None:
    rows_before = await document_count(app.state)
    uploads = [
        ("slow.pdf", bombs.slow_pdf(pages=500)),
        ("ratio.docx", bombs.high_ratio_docx(16)),
        ("laughs.md", bombs.yaml_alias_bomb_markdown()),
    ]

    responses = await asyncio.gather(*(ingest(client, admin_headers(), name, content) for name, content in uploads))
    accepted = [response for response in responses if response.status_code == 202]
    refused = [response for response in responses if response.status_code != 202]  # by their bytes (zip caps)
    assert all(response.status_code == 422 for response in refused) and accepted
    outcomes = await asyncio.gather(*(run_job(app.state, response) for response in accepted))

    assert outcomes == ["failed"] * len(accepted)
    for response in accepted:  # each is listed as failed, with its reason, until it is removed
        document_id = envelope_data(response)["document_id"]
        document = await listed_document(client, admin_headers, document_id)
        assert document is not None and document["state"] == "failed" and document["error"]
        await client.delete(f"/api/v1/rag/documents/{document_id}", headers=admin_headers())
    assert await document_count(app.state) == rows_before
    assert (await client.get("/health")).status_code == 200


def test_parser_child_out_of_memory_is_reported_and_bounded(tmp_path: Path) -> None:
    """The child's own RLIMIT_AS stops a parse that the zip caps would have refused first."""
    path = tmp_path / "bomb.docx"
    path.write_bytes(bombs.zip_bomb_docx(uncompressed_mib=1024))

    report = run_parser(path, "docx", TEST_LIMITS)

    assert report.outcome == "memory"
    assert report.peak_rss_kb <= TEST_LIMITS.memory_bytes // 1024


def test_parser_child_past_its_cpu_limit_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "slow.pdf"
    path.write_bytes(bombs.slow_pdf())

    report = run_parser(path, "pdf", ParseLimits(cpu_seconds=1, wall_seconds=30))

    assert report.outcome == "cpu"


def test_parser_child_gets_no_secrets_from_the_service_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_SIGNING_SECRET", "do-not-leak")

    assert "GATEWAY_SIGNING_SECRET" not in parsing._child_env()


def test_valid_docx_parses_in_the_subprocess(tmp_path: Path) -> None:
    path = tmp_path / "ok.docx"
    path.write_bytes(docx_bytes("Weigh the tortoise weekly."))

    report = run_parser(path, "docx", TEST_LIMITS)

    assert report.outcome == "ok" and report.loaded is not None
    assert "Weigh the tortoise weekly." in report.loaded.text


async def test_plain_text_past_the_character_cap_is_413(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    rag: RagRuntime,
    parse_reports: list[ParseReport],
    app: Any,
) -> None:
    text = ("Cats sleep most of the day. " * (MAX_EXTRACTED_CHARS // 28 + 100)).encode()

    bomb_parses = await assert_refused_and_service_fine(
        client, admin_headers, rag, parse_reports, "long.txt", text, 413, "DOCUMENT_TOO_LARGE", app.state
    )

    assert bomb_parses == []  # Markdown and plain text are decoded in-process, never in the parser
