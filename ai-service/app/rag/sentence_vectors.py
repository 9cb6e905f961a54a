"""Sentence embeddings for answer selection, cached by text (the corpus repeats, so answers soon embed nothing new)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np


class SentenceVectors:
    """Sentence embeddings by text (the corpus repeats, so answers soon embed nothing new)."""

    def __init__(self, capacity: int = 20_000) -> None:
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def vectors(self, embed_model: Any, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [text for text in dict.fromkeys(texts) if text not in self._cache]
        if missing:
            fresh = embed_model.get_text_embedding_batch(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
                while len(self._cache) > self._capacity:
                    self._cache.popitem(last=False)
        with self._lock:
            return np.stack([self._cache[text] for text in texts])

    def query_vector(self, embed_model: Any, text: str) -> np.ndarray:
        """The query embedding of `text` (retrieval and answer selection embed the same query once)."""
        key = "\x00query\x00" + text
        with self._lock:
            cached = self._cache.get(key)
        if cached is None:
            cached = np.asarray(embed_model.get_query_embedding(text), dtype=np.float32)
            with self._lock:
                self._cache[key] = cached
                while len(self._cache) > self._capacity:
                    self._cache.popitem(last=False)
        return cached
