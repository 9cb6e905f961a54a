"""Infer the breed and species a text or a question is about, against the breed catalog."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

_DOG_WORDS = re.compile(r"\b(dogs?|pupp(?:y|ies)|canines?|k9)\b", re.I)
_CAT_WORDS = re.compile(r"\b(cats?|kittens?|felines?)\b", re.I)


class BreedLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def species(self) -> str: ...
    @property
    def aliases(self) -> list[str]: ...


class BreedCatalogLike(Protocol):
    def all(self) -> Iterable[BreedLike]: ...


@dataclass(frozen=True, slots=True)
class BreedMatch:
    breed: str | None
    species: str | None


class BreedMatcher:
    """Whole-word, case-insensitive matching of breed names and aliases.

    Longer names win ("Miniature Schnauzer" over "Schnauzer").
    """

    def __init__(self, catalog: BreedCatalogLike | None, nicknames: Mapping[str, Iterable[str]] | None = None) -> None:
        entries: list[tuple[str, str, str]] = []
        for profile in catalog.all() if catalog is not None else []:
            for label in {profile.name, *profile.aliases}:
                if len(label) >= 3:
                    entries.append((label, profile.name, profile.species))
        self._species = {name: species for _, name, species in entries}
        self._labels: dict[str, set[str]] = {}
        for label, name, _ in entries:
            self._labels.setdefault(name, {name}).add(label)
        # Owners' nicknames ("GSD", "Frenchie") find the breed in a question; they are not stored labels.
        known = {label.casefold() for label, _, _ in entries}
        for name, names in (nicknames or {}).items():
            if name in self._species:
                entries.extend(
                    (nickname, name, self._species[name])
                    for nickname in names
                    if len(nickname) >= 3 and nickname.casefold() not in known
                )
        entries.sort(key=lambda entry: len(entry[0]), reverse=True)
        self._patterns = [
            (re.compile(rf"(?<![\w-]){re.escape(label)}(?:s|es|'s)?(?![\w-])", re.I), name)
            for label, name, _ in entries
        ]
        self._by_label = {label.casefold(): name for label, name, _ in entries}
        self._any_label = (
            re.compile(
                rf"(?<![\w-])({'|'.join(re.escape(label) for label, _, _ in entries)})(?:s|es|'s)?(?![\w-])", re.I
            )
            if entries
            else None
        )
        # A guide may cover a whole breed family (front matter `breed: Poodle`): it is stored under the
        # family's name, and each member's labels include it.
        self._families: dict[str, str] = {}
        for profile in catalog.all() if catalog is not None else []:
            family = getattr(profile, "family", None)
            if family:
                self._families[family.casefold()] = family
                self._labels.setdefault(profile.name, {profile.name}).add(family)
                self._species[family] = profile.species

    def species_of(self, breed: str) -> str | None:
        return self._species.get(breed)

    def labels_for(self, breed: str) -> list[str]:
        """The breed's catalog name and aliases (as stored in chunk metadata), or just `breed`."""
        return sorted(self._labels.get(breed, {breed}))

    def family_named(self, label: str) -> str | None:
        """The breed family `label` names ("poodle" -> "Poodle"), if it names one."""
        return self._families.get(label.strip().casefold())

    def canonical(self, breed: str) -> str | None:
        for pattern, name in self._patterns:
            if pattern.fullmatch(breed.strip()):
                return name
        return None

    def _mentions(self, text: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        remaining = text
        for pattern, name in self._patterns:
            found = pattern.findall(remaining)
            if found:
                counts[name] += len(found)
                remaining = pattern.sub(" ", remaining)  # "Miniature Schnauzer" is not also a "Schnauzer"
        return counts

    def with_breed_names(self, text: str) -> str:
        """`text` with each breed mention written as the catalog's name ("my gsd" -> "my German Shepherd")."""
        if self._any_label is None:
            return text
        return self._any_label.sub(lambda match: self._by_label.get(match.group(1).casefold(), match.group(0)), text)

    def in_question(self, question: str) -> BreedMatch:
        mentions = self._mentions(question)
        breed = mentions.most_common(1)[0][0] if len(mentions) == 1 else None
        return BreedMatch(breed=breed, species=self.species_of(breed) if breed else species_in(question))

    def in_document(self, title: str | None, text: str) -> BreedMatch:
        title_mentions = self._mentions(title or "")
        if len(title_mentions) == 1:
            breed = next(iter(title_mentions))
            return BreedMatch(breed=breed, species=self.species_of(breed))
        mentions = self._mentions(text)
        top = mentions.most_common(2)
        if top and top[0][1] >= 3 and (len(top) == 1 or top[0][1] >= 2 * top[1][1]):
            return BreedMatch(breed=top[0][0], species=self.species_of(top[0][0]))
        return BreedMatch(breed=None, species=species_in(f"{title or ''}\n{text}"))


def species_in(text: str) -> str | None:
    dogs = len(_DOG_WORDS.findall(text))
    cats = len(_CAT_WORDS.findall(text))
    if dogs > 2 * cats and dogs:
        return "dog"
    if cats > 2 * dogs and cats:
        return "cat"
    return None
