"""Owners' words -> the guides' words: breed nicknames and everyday health and care terms (query expansion).

Both tables are data (`app/rag/data/`): `breed_nicknames.yaml` (owners' names for every catalog breed) and
`owner_words.yaml` (everyday words for health and care terms). The dense query reads the question in the
guides' words; the BM25 query keeps the owner's words and adds the guides' (BM25 needs the exact terms).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
NICKNAMES_FILE = DATA_DIR / "breed_nicknames.yaml"
OWNER_WORDS_FILE = DATA_DIR / "owner_words.yaml"

# Entries whose owner words the dense query replaces (the model reads the plain word better and the
# owner's word adds nothing); every other entry's plain words are appended.
_REPLACED = {
    "cat",
    "puppy",
    "dog",
    "urinating",
    "urinates",
    "urinate",
    "defecating",
    "defecates",
    "diarrhoea",
    "vomiting",
    "veterinarian",
    "vaccinations",
}


@dataclass(frozen=True, slots=True)
class OwnerWord:
    pattern: re.Pattern[str]
    plain: str

    @property
    def replaces(self) -> bool:
        return self.plain in _REPLACED


@functools.cache
def owner_words() -> tuple[OwnerWord, ...]:
    entries = yaml.safe_load(OWNER_WORDS_FILE.read_text(encoding="utf-8")) or []
    return tuple(
        OwnerWord(re.compile(rf"(?<![\w-])(?:{entry['owner']})(?![\w-])", re.IGNORECASE), str(entry["plain"]))
        for entry in entries
    )


@functools.cache
def breed_nicknames() -> dict[str, tuple[str, ...]]:
    """Catalog breed name -> owners' nicknames for it."""
    data = yaml.safe_load(NICKNAMES_FILE.read_text(encoding="utf-8")) or {}
    return {str(name): tuple(str(nickname) for nickname in nicknames or []) for name, nicknames in data.items()}


def plain_words(question: str) -> str:
    """The question in the guides' words, for the embedding model: some owner words replaced, the guides'
    words for the others appended ("my kitty threw up" -> "my cat vomiting")."""
    added: list[str] = []
    for word in owner_words():
        if not word.pattern.search(question):
            continue
        if word.replaces:
            question = word.pattern.sub(word.plain, question)
        elif word.plain.lower() not in question.lower():
            added.append(word.plain)
    return f"{question} ({', '.join(dict.fromkeys(added))})" if added else question


def expanded_terms(question: str) -> str:
    """The question plus the guides' words for every owner word in it (for BM25)."""
    added = [word.plain for word in owner_words() if word.pattern.search(question)]
    return " ".join([question, *dict.fromkeys(added)])


def breed_nickname_text(breed: str) -> str:
    """The breed's nicknames as one string (their words name the subject, not what is asked)."""
    return " ".join(breed_nicknames().get(breed, ()))
