"""Is anything in the knowledge base relevant to a question? The gate both answer modes pass before answering.

Relevance = the best passage's cosine similarity, lowered by the share of the question's distinctive
words that appear nowhere in the knowledge base ("hamster", "passport"): a question about something
the documents never mention is not answered from a passage that is merely about pets in general.
The threshold is calibrated on ai-service/knowledge-eval/questions.yaml (see docs/rag.md).
"""

from __future__ import annotations

import functools
import math
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from app.rag.constants import UNKNOWN_TERM_PENALTY, VOCABULARY_MAX_AGE_SECONDS
from app.rag.store import KnowledgeStore

_WORD = re.compile(r"[a-z]+")
# Words that say nothing about a question's topic in a pet knowledge base.
_GENERIC = {
    "dog",
    "cat",
    "pet",
    "puppy",
    "puppies",
    "kitten",
    "breed",
    "need",
    "good",
    "best",
    "normal",
    "help",
    "like",
    "use",
    "make",
}


_HEALTH = re.compile(
    r"\b(?:sick|ill|illness|unwell|symptoms?|pain(?:ful)?|hurts?|vomit\w*|diarrh\w*|diseases?|injur\w*|bleed\w*|blood|"
    r"limp\w*|cough\w*|sneez\w*|itch\w*|rash|lumps?|fever|poison\w*|toxic|medic\w*|drugs?|vaccin\w*|vets?|veterinar\w*|"
    r"health\w*|infect\w*|letharg\w*|seizures?|breath\w*|appetite|wounds?|parasites?|fleas?|ticks?|worms?|allerg\w*|"
    r"surgery|swollen|swelling|cancer|tumou?rs?|not eating|won'?t eat|treat(?:ment)?s? for)\b",
    re.IGNORECASE,
)


def plain_words(question: str) -> str:
    """The question in the guides' words (see app.rag.owner_language)."""
    from app.rag.owner_language import plain_words as in_guides_words

    return in_guides_words(question)


def about_health(question: str) -> bool:
    """Whether the question is about a pet's health (an abstained answer then points to a vet)."""
    return bool(_HEALTH.search(question))


# NLTK and scikit-learn take ~1.7 s and ~1.5 s to import: loaded on first use, not with the module.
@functools.cache
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@functools.cache
def _stemmer() -> Any:
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def stem(word: str) -> str:
    return str(_stemmer().stem(word))


def content_terms(text: str) -> list[str]:
    """Stemmed words of `text` without stop words and generic pet words, in order, once each."""
    stop_words = _stop_words()
    words = (
        word
        for word in _WORD.findall(text.lower())
        if len(word) > 2 and word not in stop_words and word not in _GENERIC
    )
    return list(dict.fromkeys(stem(word) for word in words))


@dataclass(slots=True)
class KnowledgeVocabulary:
    """Stemmed words of every stored chunk with their chunk frequency, rebuilt when the store changes."""

    _terms: dict[str, int] = field(default_factory=dict)
    _chunks: int = 0
    _signature: tuple[int, str] | None = None
    _built_at: float = 0.0
    _version_token: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def refresh(self, store: KnowledgeStore, *, version: str | None = None) -> None:
        """Rebuild when the store changed. With `version` (the knowledge base's version token, as the BM25
        index saw it), that token decides and the store is not asked."""
        if version is not None:
            if version == self._version_token:
                return
            with self._lock:
                texts = store.all_chunks()[1]
                counts: dict[str, int] = {}
                for text in texts:
                    for term in set(content_terms(text or "")):
                        counts[term] = counts.get(term, 0) + 1
                self._terms, self._chunks, self._version_token = counts, len(texts), version
                self._built_at = time.monotonic()
            return
        collection = store.collection()
        count = collection.count()
        if count == 0:
            self._terms, self._chunks, self._signature = {}, 0, (0, "")
            return
        sample = collection.peek(1)["ids"]
        signature = (count, sample[0] if sample else "")
        # Count and first id catch every ingest and delete but a replacement of equal size: the age limit covers that.
        if signature == self._signature and time.monotonic() - self._built_at < VOCABULARY_MAX_AGE_SECONDS:
            return
        with self._lock:
            terms: dict[str, int] = {}
            documents = store.all_chunks()[1]
            for text in documents:
                for term in set(content_terms(text or "")):
                    terms[term] = terms.get(term, 0) + 1
            self._terms, self._chunks, self._signature = terms, len(documents), signature
            self._built_at = time.monotonic()

    def idf(self, term: str) -> float:
        return math.log((self._chunks + 1) / (self._terms.get(term, 0) + 0.5))

    def unknown_share(self, question: str) -> float:
        """IDF-weighted share of the question's content words that no stored chunk contains (0 when none)."""
        terms = content_terms(question)
        if not terms or not self._chunks:
            return 0.0
        weights = {term: self.idf(term) for term in terms}
        total = sum(weights.values())
        return sum(weight for term, weight in weights.items() if term not in self._terms) / total if total else 0.0


def relevance(best_score: float, unknown_share: float) -> float:
    return best_score - UNKNOWN_TERM_PENALTY * unknown_share
