"""Write an answer from retrieved chunks: with the Ollama LLM through LlamaIndex, or extractively."""

from __future__ import annotations

import asyncio
import re

import numpy as np
import structlog
from llama_index.core import PromptTemplate
from llama_index.core.llms import ChatMessage

from app.rag.constants import EXTRACTIVE_SCORE_GAP, EXTRACTIVE_SENTENCES
from app.rag.runtime import RagRuntime
from app.rag.store import StoredChunk

logger = structlog.get_logger(__name__)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def numbered_context(chunks: list[StoredChunk]) -> str:
    return "\n\n".join(f"[{number}] {chunk.metadata.get('title', '')}\n{chunk.text}" for number, chunk in enumerate(chunks, start=1))


async def generate_with_llm(rag: RagRuntime, *, prompt_template: str, timeout: float, **variables: str) -> str | None:
    """The LLM's answer, or None when Ollama is down, slow, failing or answers nothing."""
    if timeout <= 1 or rag.llm_factory is None or not await rag.llm_available():
        return None
    prompt = PromptTemplate(prompt_template).partial_format(**variables).format()
    try:
        llm = rag.llm_factory(timeout)
        response = await asyncio.wait_for(llm.achat([ChatMessage(role="user", content=prompt)]), timeout=timeout)
    except Exception as exc:  # Ollama down, timed out or replied garbage: the caller falls back
        logger.warning("rag_llm_failed", error_type=type(exc).__name__)
        return None
    answer = (response.message.content or "").strip()
    return answer or None


def _sentences(chunk_text: str) -> list[str]:
    sentences: list[str] = []
    for line in chunk_text.splitlines():
        line = _LIST_MARKER.sub("", line).strip()
        if not line or line.startswith("#") or line.startswith("|"):
            continue
        sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if len(part.split()) >= 4)
    return sentences


def extractive_answer(rag: RagRuntime, *, question: str, chunks: list[StoredChunk], max_sentences: int = EXTRACTIVE_SENTENCES) -> str:
    """The sentences closest to the question, best first, each cited with its passage number (CPU work: call in a thread)."""
    candidates = [(number, sentence) for number, chunk in enumerate(chunks, start=1) for sentence in _sentences(chunk.text)]
    if not candidates:
        return " ".join(f"{chunk.text.strip()} [{number}]" for number, chunk in enumerate(chunks[:1], start=1))
    question_vector = np.asarray(rag.embed_model.get_query_embedding(question))
    sentence_vectors = np.asarray(rag.embed_model.get_text_embedding_batch([sentence for _, sentence in candidates]))
    scores = sentence_vectors @ question_vector
    # Best first; sentences far below the best one are noise next to it, so they are left out.
    ranked = [index for index in np.argsort(-scores).tolist() if scores[index] >= scores.max() - EXTRACTIVE_SCORE_GAP]
    best = ranked[:max_sentences]
    parts = []
    for index in best:
        number, sentence = candidates[index]
        sentence = sentence if sentence.endswith((".", "!", "?")) else f"{sentence}."
        parts.append(f"{sentence} [{number}]")
    return "From the knowledge base: " + " ".join(parts)
