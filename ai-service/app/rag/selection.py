"""Choose the sentences that answer the question asked, from the fused passages.

For each sentence: does it carry the kind of content asked for (a time, an amount, a safety judgement, a
cause...; question_types.py), does it (with the sentence it leans on or the one that completes it) name
what the question is about, does it add anything the question did not already say, and how close is it
in meaning. Sentences of the asked breed's own guide are preferred; a breed trait (lifespan, size,
exercise...) is only taken from the breed's own guide. No sentence qualifying means: abstain on the fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from app.rag.answering import _DANGLING_OPENING, _LIST_MARKER, _SENTENCE_END, EXTRACTIVE_PREFIX, CitedAnswer
from app.rag.question_types import (
    AskedFor,
    asked_for,
    asks_breed_trait,
    carries,
    counts,
    needs_specific_content,
    topic_terms,
)
from app.rag.relevance import _stop_words, content_terms, stem
from app.rag.runtime import RagRuntime
from app.rag.sentence_vectors import SentenceVectors
from app.rag.store import StoredChunk

MAX_EMBEDDED_SENTENCES = 16  # sentences embedded per answer, after the cheap checks
MIN_SENTENCE_SIMILARITY = 0.2
KIND_BONUS = 0.15
TOPIC_BONUS = 0.3  # times the share of the question's topic words the sentence names
OWN_GUIDE_BONUS = 0.15
SUBJECT_BONUS = 0.1
CONDITION_BONUS = 0.1
_NAMED_CONDITION = re.compile(
    r"\b\w+(?:pathy|pathies|itis|osis|oma|aemia|emia|myelia|plasia)\b|\b(?:syndrome|dysplasia|luxation|insufficiency|dystrophy|"
    r"atrophy|cataracts?|glaucoma|epilepsy|pancreatitis|diabetes|hypothyroidism|hyperthyroidism|collapse)\b",
    re.I,
)
OTHER_GUIDE_PENALTY = 0.1  # no breed asked: a breed profile's sentence is less likely to be the general answer
ANSWER_SCORE_GAP = 0.12  # further sentences within this of the best one
# "What is the lifespan ... and what cancers do they get?": each part asks for its own kind of content.
_QUESTION_PARTS = re.compile(r"[,;]?\s+\band\s+(?=(?:what|how|when|why|which|do|does|is|are|can|should)\b)", re.I)
_HOW_MANY = re.compile(r"\bhow many (\w+)", re.I)
_NOT_A_NOUN = {
    "of",
    "do",
    "does",
    "did",
    "should",
    "is",
    "are",
    "can",
    "times",
    "hours",
    "days",
    "weeks",
    "months",
    "years",
    "minutes",
}


@dataclass(frozen=True, slots=True)
class Sentence:
    chunk: int
    paragraph: int
    position: int
    text: str
    heading: str

    @property
    def dangling(self) -> bool:
        return bool(_DANGLING_OPENING.match(self.text))


def split_sentences(chunk_index: int, chunk_text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    paragraph = 0
    heading = ""
    for line in chunk_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            heading = stripped.lstrip("#").strip()
            paragraph += 1
            continue
        line = _LIST_MARKER.sub("", line).strip()
        if not line or line.startswith("|"):
            paragraph += 1
            continue
        for part in _SENTENCE_END.split(line):
            part = part.strip()
            if len(part.split()) >= 4:
                sentences.append(Sentence(chunk_index, paragraph, len(sentences), part, heading))
        paragraph += 1
    return sentences


def _stems(text: str) -> set[str]:
    return set(content_terms(text))


def _words(text: str) -> set[str]:
    """Stems of every word but stop words (generic pet words kept: "is never normal" says something)."""
    return {stem(word) for word in re.findall(r"[a-z]+", text.lower()) if len(word) > 2 and word not in _stop_words()}


def _covered(topic: set[str], stems: set[str]) -> set[str]:
    """Topic stems the text names; a shared start of 5+ letters counts (the stemmer makes "overheating" "overh"
    but "overheat" "overheat")."""
    return {
        term
        for term in topic
        if term in stems
        or any(len(term) >= 5 and len(stem) >= 5 and (stem.startswith(term) or term.startswith(stem)) for stem in stems)
    }


_BREED_PRONOUN = re.compile(r"^(?:they|their|them)\b", re.I)


def _unit(candidates: list[Sentence], index: int, breed_guides: set[int] | None = None) -> list[int] | None:
    """The sentence with the sentences before it that its opening refers back to (same paragraph).

    In a breed's guide, "They"/"Their" opening a paragraph means the breed: the sentence stands alone."""
    unit = [index]
    while candidates[unit[0]].dangling:
        previous = unit[0] - 1
        if (
            previous < 0
            or candidates[previous].chunk != candidates[index].chunk
            or candidates[previous].paragraph != candidates[index].paragraph
        ):
            if (
                breed_guides
                and candidates[unit[0]].chunk in breed_guides
                and _BREED_PRONOUN.match(candidates[unit[0]].text)
            ):
                return unit
            return None
        unit.insert(0, previous)
        if len(unit) > 3:
            return None
    return unit


def _next_in_paragraph(candidates: list[Sentence], index: int) -> int | None:
    following = index + 1
    if (
        following < len(candidates)
        and candidates[following].chunk == candidates[index].chunk
        and candidates[following].paragraph == candidates[index].paragraph
    ):
        return following
    return None


@dataclass(slots=True)
class _Scored:
    members: list[int]
    score: float


def select_answer(
    rag: RagRuntime,
    *,
    question: str,
    query: str,
    kind: AskedFor,
    chunks: list[StoredChunk],
    breed_labels: list[str] | None,
    subject_words: set[str] | None = None,
    max_sentences: int = 3,
    skip_texts: set[str] | None = None,
    vectors: SentenceVectors | None = None,
    require_kind: bool = True,
    score_gap: float = 0.12,
) -> list[Sentence] | None:
    """The sentences that answer `question` (kind `kind`), or None (their `chunk` indexes `chunks`).

    `query` is the question in the guides' words (embedded); `subject_words` are stems that name the
    subject (breed names) and so say nothing about what is asked."""
    labels = set(breed_labels or [])
    own = {index for index, chunk in enumerate(chunks) if labels and chunk.metadata.get("breed") in labels}
    other_breed = {
        index for index, chunk in enumerate(chunks) if labels and chunk.metadata.get("breed") and index not in own
    }
    trait = bool(labels) and asks_breed_trait(question)
    allowed = own if trait else set(range(len(chunks))) - other_breed
    if trait and not own:
        return None  # the breed's own guide is not among the passages: the knowledge base does not state it
    candidates = [
        sentence
        for index, chunk in enumerate(chunks)
        if index in allowed
        for sentence in split_sentences(index, chunk.text)
    ]
    if not candidates:
        return None
    skip = skip_texts or set()
    asked_words = _words(question) | _words(query) | (subject_words or set())
    topic = topic_terms(f"{question} {query}", exclude=subject_words)
    counted = _HOW_MANY.search(question)
    counted_stem = None
    if counted and counted.group(1).lower() not in _NOT_A_NOUN:
        counted_stem = next(iter(content_terms(counted.group(1)) or [counted.group(1).lower()]), None)
    kinds = [kind, *(asked_for(part) for part in _QUESTION_PARTS.split(question)[1:])]
    specific = require_kind and all(needs_specific_content(part) for part in kinds)

    shortlisted: list[tuple[list[int], float, float, int]] = []  # members, kind/topic bonus, topic share, sentence
    for index, sentence in enumerate(candidates):
        if sentence.text in skip:
            continue
        members = _unit(candidates, index, own)
        if members is None:
            continue
        unit_text = " ".join(candidates[member].text for member in members)
        carried = any(carries(part, unit_text, question=question) for part in kinds)
        following = _next_in_paragraph(candidates, index)
        if (
            not carried
            and following is not None
            and any(carries(part, candidates[following].text, question=question) for part in kinds)
        ):
            members = [*members, following]  # the next sentence completes the answer
            unit_text = f"{unit_text} {candidates[following].text}"
            carried = True
        if specific and not carried:
            continue
        unit_stems = _stems(unit_text)
        if not _words(unit_text) - asked_words:
            continue  # only repeats the question's words
        # The section heading says what a sentence is about ("## Grooming": "needs brushing several times a week").
        covered = _covered(topic, unit_stems | _stems(sentence.heading))
        if topic and not covered:
            continue
        if counted_stem and not counts(counted_stem, unit_text):
            continue  # "how many teeth": a number about something else does not answer it
        bonus = (KIND_BONUS if carried else 0.0) + TOPIC_BONUS * (len(covered) / len(topic) if topic else 0.0)
        bonus += OWN_GUIDE_BONUS if sentence.chunk in own else 0.0
        # A cause question is best answered by the condition's name ("...cardiomyopathy, which causes fainting").
        bonus += CONDITION_BONUS if AskedFor.CAUSE in kinds and _NAMED_CONDITION.search(unit_text) else 0.0
        # A sentence whose opening names the topic is about it ("Xylitol, a sweetener..., causes...").
        bonus += SUBJECT_BONUS if _covered(topic, _stems(" ".join(sentence.text.split()[:4]))) else 0.0
        bonus -= OTHER_GUIDE_PENALTY if not labels and chunks[sentence.chunk].metadata.get("breed") else 0.0
        shortlisted.append((members, bonus, len(covered) / len(topic) if topic else 0.0, index))
    if not shortlisted:
        return None
    shortlisted.sort(key=lambda item: -(item[1] + 0.1 * item[2]))
    shortlisted = shortlisted[:MAX_EMBEDDED_SENTENCES]
    anchor_texts = [candidates[index].text for _, _, _, index in shortlisted]
    cache = vectors or SentenceVectors()
    matrix = cache.vectors(rag.embed_model, anchor_texts)
    question_vector = cache.query_vector(rag.embed_model, query)
    similarity = matrix @ question_vector
    scored = [
        _Scored(members, float(similarity[position]) + bonus)
        for position, (members, bonus, _, _) in enumerate(shortlisted)
        if float(similarity[position]) >= MIN_SENTENCE_SIMILARITY
    ]
    if not scored:
        return None
    scored.sort(key=lambda item: -item.score)
    best = scored[0].score
    chosen: list[int] = []
    seen: set[str] = set()
    for item in scored:
        if item.score < best - score_gap or len(chosen) >= max_sentences:
            break
        fresh = [
            member for member in item.members if member not in chosen and _plain(candidates[member].text) not in seen
        ]
        if not fresh or any(candidates[member].text in skip for member in fresh):
            continue
        chosen.extend(fresh)
        seen.update(_plain(candidates[member].text) for member in fresh)
    return [candidates[member] for member in chosen] or None


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def extractive_text(sentences: list[Sentence], chunks: list[StoredChunk]) -> CitedAnswer:
    """An extractive answer from chosen sentences (`chunks` indexed as the sentences' `chunk`)."""
    order: list[int] = []
    for sentence in sentences:
        if sentence.chunk not in order:
            order.append(sentence.chunk)
    parts = []
    for number, chunk in enumerate(order, start=1):
        members = sorted((s for s in sentences if s.chunk == chunk), key=lambda s: s.position)
        texts = [s.text if s.text.endswith((".", "!", "?")) else f"{s.text}." for s in members]
        parts.append(f"{' '.join(texts)} [{number}]")
    return CitedAnswer(text=EXTRACTIVE_PREFIX + " ".join(parts), chunks=[chunks[index] for index in order])


# A sentence telling the owner to get veterinary help now: the knowledge base's urgent-care guidance.
_URGENT_GUIDANCE = re.compile(
    r"\b(?:contact|call|phone|see|go|take)\b[^.;]{0,80}"
    r"\b(?:vets?|veterinarian|emergency clinic|poison (?:line|helpline))\b"
    r"[^.]{0,120}\b(?:immediately|straight away|urgently|at once|now|same day|day or night)\b|"
    r"\b(?:immediately|straight away|urgently|at once)\b[^.]{0,40}\b(?:contact|call|phone|see)\b|"
    r"\bis an emergency\b|\bneeds? (?:urgent|emergency|immediate) (?:care|veterinary|attention|help|surgery)\b|"
    r"\bgo at once\b|\bneeds a vet urgently\b|\bany exposure is an emergency\b",
    re.I,
)


def urgent_sentences(
    rag: RagRuntime,
    *,
    question: str,
    kind: AskedFor,
    query: str,
    chunks: list[StoredChunk],
    breed_labels: list[str] | None,
    subject_words: set[str] | None = None,
    vectors: SentenceVectors | None = None,
    urgent_terms: str = "",
) -> tuple[list[Sentence], list[Sentence]]:
    """For an urgent question: the knowledge base's urgent-care guidance closest to it (one sentence, with
    what it refers back to), and up to two sentences of the specific guide's facts about it."""
    labels = set(breed_labels or [])
    allowed = [
        index
        for index, chunk in enumerate(chunks)
        if not (labels and chunk.metadata.get("breed") and chunk.metadata.get("breed") not in labels)
    ]
    candidates = [sentence for index in allowed for sentence in split_sentences(index, chunks[index].text)]
    guidance_units = [
        members
        for index, sentence in enumerate(candidates)
        if _URGENT_GUIDANCE.search(sentence.text) and (members := _unit(candidates, index)) is not None
    ]
    guidance: list[Sentence] = []
    if guidance_units:
        cache = vectors or SentenceVectors()
        matrix = cache.vectors(rag.embed_model, [candidates[m[-1]].text for m in guidance_units])
        question_vector = cache.query_vector(rag.embed_model, query)
        topic = topic_terms(f"{question} {query}", exclude=subject_words)
        # The sign or the danger itself ("bleeding", "lilies") should be in the guidance chosen.
        sign = topic_terms(urgent_terms, exclude=subject_words) if urgent_terms else set()
        scores = [
            float(matrix[position] @ question_vector)
            + TOPIC_BONUS
            * (len(_covered(topic, _stems(" ".join(candidates[m].text for m in members)))) / len(topic) if topic else 0)
            + TOPIC_BONUS
            * (len(_covered(sign, _stems(" ".join(candidates[m].text for m in members)))) / len(sign) if sign else 0)
            - (
                2 * OTHER_GUIDE_PENALTY
                if not labels and chunks[candidates[members[0]].chunk].metadata.get("breed")
                else 0.0
            )
            for position, members in enumerate(guidance_units)
        ]
        best = guidance_units[int(np.argmax(scores))]
        guidance = [candidates[member] for member in best]
    # Sentence.chunk indexes `chunks` in both lists, so one citation list serves both. The facts wanted first
    # are what the danger does or what the sign means (cause content); failing that, the closest sentences.
    facts = None
    for require_kind in (True, False):
        facts = select_answer(
            rag,
            question=question,
            query=query,
            kind=kind,
            chunks=chunks,
            breed_labels=breed_labels,
            subject_words=subject_words,
            max_sentences=2,
            skip_texts={sentence.text for sentence in guidance},
            vectors=vectors,
            require_kind=require_kind,
            score_gap=0.2,
        )
        if facts:
            break
    return guidance, facts or []
