"""Knowledge-base evaluation: retrieval quality, abstention and answer latency on the evaluation set.

Run with the AI service's venv from the repository root:
    ai-service/.venv/bin/python benchmarks/rag_eval.py
Seeds the whole knowledge base through the real ingestion path (a throw-away PostgreSQL database at
TEST_POSTGRES_ADMIN_DSN, default postgresql://postgres@127.0.0.1:5432/postgres; a temporary Chroma store;
all-MiniLM-L6-v2 on CPU), then asks every question of ai-service/knowledge-eval/questions.yaml:
- extractive mode (no LLM): hit@1, hit@3, MRR of the expected document, abstention precision/recall,
  answerable questions wrongly abstained, answer latency;
- LLM mode against the fake Ollama (tests/fakes): the same figures, plus whether the prompt carried the
  retrieved passages and every [n] of the answers names a listed source (citation handling; the fake
  model's wording says nothing about a real model's quality).
Then the owner-phrased set (ai-service/knowledge-eval/owner_questions.yaml), in both modes: fact accuracy
(answerable questions whose answer text contains the asked-for fact), abstention (unanswerable questions
abstained, no sources), urgent coverage (urgent questions answered with the fact, leading with urgent care),
latency p50/p95. The two sets are reported apart.
Writes benchmarks/results/rag_eval.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ai-service"))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import asyncpg  # noqa: E402
import structlog  # noqa: E402
from app.breeds import load_breed_catalog  # noqa: E402
from app.core.config import DatabaseSettings  # noqa: E402
from app.db.session import build_engine, build_session_factory  # noqa: E402
from app.rag.evaluation import EvalReport, OwnerReport, evaluate, evaluate_owner_set  # noqa: E402
from app.rag.runtime import RagRuntime, build_rag_runtime  # noqa: E402
from app.rag.seed import seed_knowledge_base  # noqa: E402
from fakes.ollama import FakeOllama  # noqa: E402
from llama_index.llms.ollama import Ollama  # noqa: E402

logger = structlog.get_logger("rag_eval")
ADMIN_DSN = os.environ.get("TEST_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@asynccontextmanager
async def seeded_runtime() -> AsyncIterator[RagRuntime]:
    """A runtime over the seeded knowledge base in a throw-away database and Chroma directory."""
    from alembic import command
    from alembic.config import Config

    name = f"smartbreeds_rag_eval_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{name}"')
    url = f"{ADMIN_DSN.rpartition('/')[0]}/{name}"
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    engine = None
    try:
        await asyncio.to_thread(command.upgrade, Config(str(ROOT / "ai-service" / "alembic.ini")), "head")
        engine = build_engine(DatabaseSettings(database_url=url))
        with tempfile.TemporaryDirectory(prefix="rag-eval-") as tmp:
            rag = await asyncio.to_thread(
                build_rag_runtime,
                chroma_persist_dir=Path(tmp) / "chroma",
                documents_dir=Path(tmp) / "documents",
                timeout_seconds=15,
                llm_factory=None,
                ollama_probe=None,
                breeds=load_breed_catalog(),
            )
            report = await seed_knowledge_base(rag, build_session_factory(engine))
            if report.failed:
                raise SystemExit(f"seeding failed: {report.failed}")
            yield rag
    finally:
        if engine is not None:
            await engine.dispose()
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fake_llm_runtime(rag: RagRuntime, fake: FakeOllama) -> RagRuntime:
    def factory(timeout: float | None = None) -> Ollama:
        return Ollama(
            model=fake.model, base_url=fake.url, request_timeout=timeout or 10, thinking=False, context_window=8192
        )

    return RagRuntime(
        store=rag.store,
        embed_model=rag.embed_model,
        matcher=rag.matcher,
        documents_dir=rag.documents_dir,
        timeout_seconds=rag.timeout_seconds,
        llm_factory=factory,
        ollama_probe=None,
        breeds=rag.breeds,
    )


def prompt_carries_passages(fake: FakeOllama) -> float:
    """Share of the chat prompts that hold numbered passages and the question."""
    prompts = [
        "\n".join(str(message.get("content", "")) for message in request["body"].get("messages", []))
        for request in fake.requests
        if request["path"] == "/api/chat"
    ]
    good = sum(1 for prompt in prompts if "[1] " in prompt and "Question:" in prompt)
    return round(good / len(prompts), 4) if prompts else 0.0


def print_report(report: EvalReport, extra: dict[str, Any] | None = None) -> None:
    rows = {
        "hit@1": report.hit_at_1,
        "hit@3": report.hit_at_3,
        "MRR": report.mrr,
        "abstention precision": report.abstention_precision,
        "abstention recall": report.abstention_recall,
        "answerable wrongly abstained": report.wrongly_abstained_rate,
        "answers citing the expected document": report.answered_cites_expected_rate,
        "answers with valid citations": report.citations_valid_rate,
        "answer latency p50 (ms)": report.latency_p50_ms,
        "answer latency p95 (ms)": report.latency_p95_ms,
        "relevance: answerable min / p10": f"{report.relevance_answerable_min} / {report.relevance_answerable_p10}",
        "relevance: unanswerable max": f"{report.relevance_unanswerable_max} ({report.relevance_unanswerable_max_question})",
        **(extra or {}),
    }
    sys.stdout.write(f"\n{report.mode} mode ({report.answerable} answerable, {report.unanswerable} unanswerable)\n")
    for name, value in rows.items():
        sys.stdout.write(f"  {name:<40} {value}\n")
    for miss in report.misses:
        sys.stdout.write(f"  miss: {json.dumps(miss)}\n")


def print_owner_report(report: OwnerReport) -> None:
    rows = {
        "fact accuracy (answerable, fact in answer)": report.fact_accuracy,
        "abstention (unanswerable, no sources)": report.abstention,
        "urgent coverage (leads with urgent care)": report.urgent_coverage,
        "answerable wrongly abstained": report.wrongly_abstained_rate,
        "answers citing the expected document": report.answered_cites_expected_rate,
        "answers with valid citations": report.citations_valid_rate,
        "answer latency p50 (ms)": report.latency_p50_ms,
        "answer latency p95 (ms)": report.latency_p95_ms,
    }
    sys.stdout.write(
        f"\nowner-phrased set, {report.mode} mode ({report.answerable} answerable of which {report.urgent} urgent, "
        f"{report.unanswerable} unanswerable)\n"
    )
    for name, value in rows.items():
        sys.stdout.write(f"  {name:<44} {value}\n")
    for miss in report.misses:
        sys.stdout.write(f"  miss: {json.dumps(miss)}\n")


async def main(output: Path, sets: str) -> None:
    results: dict[str, Any] = {
        "model": "all-MiniLM-L6-v2 (CPU)",
        "cpu_count": os.cpu_count(),
        "load_average_1m_at_start": os.getloadavg()[0],
    }
    async with seeded_runtime() as rag:
        if sets in ("both", "old"):
            await evaluate_old_set(rag, results)
        if sets in ("both", "owner"):
            await evaluate_new_set(rag, results)
    results["load_average_1m_at_end"] = os.getloadavg()[0]
    await asyncio.to_thread(write_results, output, results)


async def evaluate_old_set(rag: RagRuntime, results: dict[str, Any]) -> None:
    extractive, _ = await evaluate(rag, mode="extractive")
    print_report(extractive)
    results["extractive"] = extractive.as_dict()
    with FakeOllama(port=0) as fake:
        llm, _ = await evaluate(fake_llm_runtime(rag, fake), mode="llm (fake Ollama)")
        carried = prompt_carries_passages(fake)
    print_report(llm, {"prompts carrying the passages": carried})
    results["llm_fake_ollama"] = {**llm.as_dict(), "prompts_carrying_passages": carried}


async def evaluate_new_set(rag: RagRuntime, results: dict[str, Any]) -> None:
    owner_extractive, _ = await evaluate_owner_set(rag, mode="extractive")
    print_owner_report(owner_extractive)
    results["owner_set_extractive"] = owner_extractive.as_dict()
    with FakeOllama(port=0) as fake:
        owner_llm, _ = await evaluate_owner_set(fake_llm_runtime(rag, fake), mode="llm (fake Ollama)")
    print_owner_report(owner_llm)
    results["owner_set_llm_fake_ollama"] = owner_llm.as_dict()


def write_results(output: Path, results: dict[str, Any]) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    logger.info("written", path=str(output))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "rag_eval.json")
    parser.add_argument("--sets", choices=("both", "old", "owner"), default="both", help="which evaluation sets to run")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.output, arguments.sets))
