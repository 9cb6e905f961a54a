"""Write an answer from retrieved chunks: with the Ollama LLM through LlamaIndex, or extractively.

Either way the result is a `CitedAnswer`: the text, whose markers [1], [2], ... are numbered in order
of first use, and exactly the passages those markers name, in that order.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

import numpy as np
import structlog

from app.rag.constants import (
    EXTRACTIVE_DUPLICATE_SIMILARITY,
    EXTRACTIVE_MIN_SENTENCE_SCORE,
    EXTRACTIVE_SCORE_GAP,
    EXTRACTIVE_SENTENCES,
)
from app.rag.runtime import RagRuntime
from app.rag.store import StoredChunk

logger = structlog.get_logger(__name__)

EXTRACTIVE_PREFIX = "From the knowledge base: "
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# "[1]", "[1, 3]", "[2][3]" or "[1-2]" as a model writes them, with the space before them.
_MARKER_GROUP = re.compile(r"\s*(?:\[\s*\d+(?:\s*[,;\u2013-]\s*\d+)*\s*\])+")
_NUMBER_OR_RANGE = re.compile(r"(\d+)(?:\s*[\u2013-]\s*(\d+))?")
# A sentence opening like this leans on the sentence before it for its subject ("They...", "This is one of...").
_DANGLING_OPENING = re.compile(
    r"^(?:this|that|these|those|they|them|their|theirs|it|its|he|she|his|her|such|both|also|however|but|and|or|so|"
    r"then|thus|otherwise|instead|likewise|similarly|another|here|there(?:fore|by)|in addition|as a result|"
    r"because of this|for this reason|even so|in (?:this|that|these) cases?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CitedAnswer:
    text: str
    chunks: list[StoredChunk]  # the cited passages: the answer's [n] is chunks[n-1]


def numbered_context(chunks: list[StoredChunk]) -> str:
    return "\n\n".join(
        f"[{number}] {chunk.metadata.get('title', '')}\n{chunk.text}" for number, chunk in enumerate(chunks, start=1)
    )


async def generate_with_llm(rag: RagRuntime, *, prompt_template: str, timeout: float, **variables: str) -> str | None:
    """The LLM's answer, or None when Ollama is down, slow, failing or answers nothing."""
    if timeout <= 1 or rag.llm_factory is None or not await rag.llm_available():
        return None
    from llama_index.core import PromptTemplate
    from llama_index.core.llms import ChatMessage

    prompt = PromptTemplate(prompt_template).partial_format(**variables).format()
    try:
        llm = rag.llm_factory(timeout)
        response = await asyncio.wait_for(llm.achat([ChatMessage(role="user", content=prompt)]), timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - Ollama down, timed out or replied garbage: the caller falls back
        logger.warning("rag_llm_failed", error_type=type(exc).__name__)
        return None
    answer = (response.message.content or "").strip()
    return answer or None


def _numbers_in(group: str) -> list[int]:
    numbers: list[int] = []
    for start, end in _NUMBER_OR_RANGE.findall(group):
        first, last = int(start), int(end or start)
        numbers.extend(range(first, min(last, first + 20) + 1) if last >= first else [first])
    return numbers


def cite_used(answer: str, chunks: list[StoredChunk]) -> CitedAnswer:
    """Renumber the answer's markers by first use over the passages it was given; unknown numbers are dropped."""
    renumbered: dict[int, int] = {}

    def rewrite(match: re.Match[str]) -> str:
        kept: list[int] = []
        for number in _numbers_in(match.group(0)):
            if not 1 <= number <= len(chunks):
                continue  # the model cited a passage it was never given
            new = renumbered.setdefault(number, len(renumbered) + 1)
            if new not in kept:
                kept.append(new)
        return " " + "".join(f"[{number}]" for number in kept) if kept else ""

    text = _MARKER_GROUP.sub(rewrite, answer).strip()
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)  # a dropped marker leaves no space before punctuation
    cited = [chunks[original - 1] for original, _ in sorted(renumbered.items(), key=lambda item: item[1])]
    return CitedAnswer(text=text, chunks=cited)


@dataclass(frozen=True, slots=True)
class _Sentence:
    chunk: int  # index into the passages
    paragraph: int
    position: int  # order within the passage
    text: str

    @property
    def dangling(self) -> bool:
        return bool(_DANGLING_OPENING.match(self.text))


def _sentences(chunk_index: int, chunk_text: str) -> list[_Sentence]:
    sentences: list[_Sentence] = []
    paragraph = 0
    for line in chunk_text.splitlines():
        line = _LIST_MARKER.sub("", line).strip()
        if not line or line.startswith("#") or line.startswith("|"):
            paragraph += 1
            continue
        for part in _SENTENCE_END.split(line):
            part = part.strip()
            if len(part.split()) >= 4:
                sentences.append(_Sentence(chunk_index, paragraph, len(sentences), part))
        paragraph += 1
    return sentences


def _with_antecedents(candidates: list[_Sentence], index: int) -> list[int] | None:
    """The sentence with the sentences before it in its paragraph that its opening refers back to;
    None if it has none."""
    unit = [index]
    while candidates[unit[0]].dangling:
        previous = unit[0] - 1
        if (
            previous < 0
            or candidates[previous].chunk != candidates[index].chunk
            or candidates[previous].paragraph != candidates[index].paragraph
        ):
            return None  # its subject lives in text that is not in this passage
        unit.insert(0, previous)
        if len(unit) > 3:
            return None
    return unit


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def extractive_answer(
    rag: RagRuntime,
    *,
    question: str,
    chunks: list[StoredChunk],
    breed_labels: list[str] | None = None,
    max_sentences: int = EXTRACTIVE_SENTENCES,
) -> CitedAnswer | None:
    """Sentences chosen for the question, cited, or None when no sentence is about it (CPU work: call in a thread).

    When a breed is named and its guide is among the passages, only that guide is quoted. A sentence
    whose opening refers back ("They...", "This is one of...") comes with the sentence(s) it refers to,
    or not at all. Near-duplicates are dropped; the chosen sentences are read passage by passage, in
    their order in the passage, passages ordered by their best sentence.
    """
    labels = set(breed_labels or [])
    own = [index for index, chunk in enumerate(chunks) if labels and chunk.metadata.get("breed") in labels]
    allowed = set(own) if own else set(range(len(chunks)))
    candidates = [
        sentence for index, chunk in enumerate(chunks) if index in allowed for sentence in _sentences(index, chunk.text)
    ]
    if not candidates:
        return None
    question_vector = np.asarray(rag.embed_model.get_query_embedding(question))
    vectors = np.asarray(rag.embed_model.get_text_embedding_batch([sentence.text for sentence in candidates]))
    scores = vectors @ question_vector
    floor = max(EXTRACTIVE_MIN_SENTENCE_SCORE, float(scores.max()) - EXTRACTIVE_SCORE_GAP)
    chosen: list[int] = []
    seen_text: set[str] = set()
    for index in np.argsort(-scores).tolist():
        if scores[index] < floor or len(chosen) >= max_sentences:
            break
        unit = _with_antecedents(candidates, index)
        if unit is None:
            continue
        fresh = [
            member
            for member in unit
            if member not in chosen
            and _normalised(candidates[member].text) not in seen_text
            and not any(float(vectors[member] @ vectors[other]) >= EXTRACTIVE_DUPLICATE_SIMILARITY for other in chosen)
        ]
        if index not in fresh:
            continue  # the sentence itself repeats one already chosen (passages overlap)
        chosen.extend(fresh)
        seen_text.update(_normalised(candidates[member].text) for member in fresh)
    if not chosen:
        return None
    best_by_chunk: dict[int, float] = {}
    for member in chosen:
        chunk = candidates[member].chunk
        best_by_chunk[chunk] = max(best_by_chunk.get(chunk, -1.0), float(scores[member]))
    chunk_order = sorted(best_by_chunk, key=lambda chunk: -best_by_chunk[chunk])
    parts: list[str] = []
    for number, chunk in enumerate(chunk_order, start=1):
        members = sorted(
            (member for member in chosen if candidates[member].chunk == chunk),
            key=lambda member: candidates[member].position,
        )
        texts = [
            text if text.endswith((".", "!", "?")) else f"{text}."
            for text in (candidates[member].text for member in members)
        ]
        parts.append(f"{' '.join(texts)} [{number}]")
    return CitedAnswer(text=EXTRACTIVE_PREFIX + " ".join(parts), chunks=[chunks[chunk] for chunk in chunk_order])
