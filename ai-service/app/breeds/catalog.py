"""Look breeds up by name or alias (case- and punctuation-insensitive) or by ImageNet class id, find the
breeds commonly mistaken for a predicted one, and search them for a picker."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from app.breeds.models import BreedProfile, SpeciesAdvice

DEFAULT_BREEDS_FILE = Path(__file__).resolve().parents[1] / "data" / "breeds.json"
# A choice in the breed picker for each species, not a catalog breed: the owner knows the pet is a mix
# (and perhaps its size), so advice stays about the species (of that size), never about a breed.
MIXED_BREED = "Mixed breed"


def is_mixed_breed(name: str | None) -> bool:
    return bool(name) and normalise_name(name or "") in {"mixed breed", "mixed", "mix", "mixed breed dog"}


def normalise_name(name: str) -> str:
    """'St. Bernard' -> 'st bernard'; 'Shih-Tzu' -> 'shih tzu'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\b(dog|cat|the)\b$", "", text).strip() or text.strip()


class BreedCatalog:
    def __init__(
        self, profiles: Iterable[BreedProfile], species_advice: Mapping[str, SpeciesAdvice] | None = None
    ) -> None:
        self._profiles: list[BreedProfile] = []
        self._by_name: dict[str, BreedProfile] = {}
        self._by_class: dict[int, BreedProfile] = {}
        self._species_advice = dict(species_advice or {})
        for profile in profiles:
            self._profiles.append(profile)
            for label in (profile.name, *profile.aliases):
                key = normalise_name(label)
                other = self._by_name.get(key)
                if other is not None and other.name != profile.name:
                    raise ValueError(f"name or alias {label!r} is used by both {other.name!r} and {profile.name!r}")
                self._by_name[key] = profile
            for class_id in profile.imagenet_classes:
                if class_id in self._by_class:
                    raise ValueError(f"ImageNet class {class_id} is mapped twice")
                self._by_class[class_id] = profile
        self._look_alikes: dict[str, list[BreedProfile]] = {}
        for profile in self._profiles:
            for name in profile.mistaken_for:
                target = self.get(name)
                if target is None or not target.in_classifier_vocabulary or target.name == profile.name:
                    raise ValueError(
                        f"{profile.name!r} is mistaken for {name!r}, which is not another breed the classifier names"
                    )
                self._look_alikes.setdefault(target.name, []).append(profile)

    def get(self, name: str | None) -> BreedProfile | None:
        if not name:
            return None
        return self._by_name.get(normalise_name(name))

    def by_imagenet_class(self, class_id: int) -> BreedProfile | None:
        return self._by_class.get(class_id)

    def all(self, species: str | None = None) -> list[BreedProfile]:
        return [p for p in self._profiles if species is None or p.species == species]

    def look_alikes(self, name: str) -> list[BreedProfile]:
        """Breeds commonly mistaken for `name` by the classifier (so a prediction of `name` may be one of them)."""
        profile = self.get(name)
        return list(self._look_alikes.get(profile.name, [])) if profile is not None else []

    def search(self, *, species: str | None = None, query: str | None = None) -> list[BreedProfile]:
        """Breeds of `species` whose name or an alias contains `query` (normalised), names first, A-Z."""
        wanted = normalise_name(query) if query and query.strip() else ""
        found: list[tuple[int, str, BreedProfile]] = []
        for profile in self.all(species):
            if not wanted:
                found.append((0, profile.name, profile))
                continue
            name = normalise_name(profile.name)
            if wanted in name:
                found.append((0 if name.startswith(wanted) else 1, profile.name, profile))
            elif any(wanted in normalise_name(alias) for alias in profile.aliases):
                found.append((2, profile.name, profile))
        return [profile for _rank, _name, profile in sorted(found, key=lambda item: (item[0], item[1]))]

    def species_advice(self, species: str) -> SpeciesAdvice | None:
        return self._species_advice.get(species)

    def __len__(self) -> int:
        return len(self._profiles)


def load_breed_catalog(path: Path = DEFAULT_BREEDS_FILE) -> BreedCatalog:
    payload = json.loads(path.read_text(encoding="utf-8"))
    advice = {species: SpeciesAdvice.model_validate(item) for species, item in payload.get("species", {}).items()}
    return BreedCatalog((BreedProfile.model_validate(item) for item in payload["breeds"]), advice)
