"""The knowledge base's long-lived objects, built once in the app's lifespan and kept on app.state.rag."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from app.rag.breed_matching import BreedCatalogLike, BreedMatcher
from app.rag.embeddings import build_embed_model
from app.rag.lexical import LexicalIndex
from app.rag.owner_language import breed_nicknames
from app.rag.relevance import KnowledgeVocabulary
from app.rag.sentence_vectors import SentenceVectors
from app.rag.store import DEFAULT_CHROMA_PORT, KnowledgeStore

if TYPE_CHECKING:  # LlamaIndex is imported where it is used, so a unit test that does not need it skips it
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.llms import LLM


class AvailabilityProbe(Protocol):
    async def is_available(self) -> bool: ...


LlmFactory = Callable[[float | None], "LLM"]


@dataclass(slots=True)
class RagRuntime:
    store: KnowledgeStore
    embed_model: BaseEmbedding
    matcher: BreedMatcher
    documents_dir: Path
    timeout_seconds: float
    llm_factory: LlmFactory | None = None  # None: always answer extractively
    ollama_probe: AvailabilityProbe | None = None
    breeds: Any = None  # app.breeds.BreedCatalog (fallback for common conditions)
    vocabulary: KnowledgeVocabulary = field(default_factory=KnowledgeVocabulary)  # words the stored chunks use
    lexical: LexicalIndex = field(default_factory=LexicalIndex)  # BM25 over the stored chunks
    sentence_vectors: SentenceVectors = field(default_factory=SentenceVectors)  # answer selection's embeddings

    async def llm_available(self) -> bool:
        if self.llm_factory is None:
            return False
        if self.ollama_probe is None:
            return True
        return await self.ollama_probe.is_available()


def build_rag_runtime(
    *,
    chroma_persist_dir: str | Path,
    chroma_host: str = "",
    chroma_port: int = DEFAULT_CHROMA_PORT,
    documents_dir: str | Path,
    timeout_seconds: float,
    llm_factory: LlmFactory | None,
    ollama_probe: AvailabilityProbe | None,
    breeds: BreedCatalogLike | None,
    embed_model: BaseEmbedding | None = None,
) -> RagRuntime:
    documents_path = Path(documents_dir).resolve()
    documents_path.mkdir(parents=True, exist_ok=True)
    return RagRuntime(
        store=KnowledgeStore(chroma_persist_dir, host=chroma_host or None, port=chroma_port),
        embed_model=embed_model or build_embed_model(),
        matcher=BreedMatcher(breeds, breed_nicknames()),
        documents_dir=documents_path,
        timeout_seconds=timeout_seconds,
        llm_factory=llm_factory,
        ollama_probe=ollama_probe,
        breeds=breeds,
    )


async def start_knowledge_base(state: Any, settings: Any) -> RagRuntime:
    """Lifespan hook: build the runtime (loads the embedding model: ~1 s, in a thread) and register its health probe."""
    rag = await asyncio.to_thread(
        build_rag_runtime,
        chroma_persist_dir=settings.chroma_persist_dir,
        chroma_host=settings.chroma_host,
        chroma_port=settings.chroma_port,
        documents_dir=settings.rag_documents_dir,
        timeout_seconds=settings.rag_timeout_seconds,
        llm_factory=getattr(state, "llm_factory", None),
        ollama_probe=getattr(state, "ollama_probe", None),
        breeds=getattr(state, "breeds", None),
    )

    async def chroma() -> bool:
        await asyncio.to_thread(rag.store.count)
        return True

    getattr(state, "health_probes", {})["chroma"] = chroma
    return rag
