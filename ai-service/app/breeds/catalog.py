"""Look breeds up by name or alias (case- and punctuation-insensitive) or by ImageNet class id."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from app.breeds.models import BreedProfile

DEFAULT_BREEDS_FILE = Path(__file__).resolve().parents[1] / "data" / "breeds.json"


def normalise_name(name: str) -> str:
    """'St. Bernard' -> 'st bernard'; 'Shih-Tzu' -> 'shih tzu'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\b(dog|cat|the)\b$", "", text).strip() or text.strip()


class BreedCatalog:
    def __init__(self, profiles: Iterable[BreedProfile]) -> None:
        self._profiles: list[BreedProfile] = []
        self._by_name: dict[str, BreedProfile] = {}
        self._by_class: dict[int, BreedProfile] = {}
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

    def get(self, name: str | None) -> BreedProfile | None:
        if not name:
            return None
        return self._by_name.get(normalise_name(name))

    def by_imagenet_class(self, class_id: int) -> BreedProfile | None:
        return self._by_class.get(class_id)

    def all(self, species: str | None = None) -> list[BreedProfile]:
        return [p for p in self._profiles if species is None or p.species == species]

    def __len__(self) -> int:
        return len(self._profiles)


def load_breed_catalog(path: Path = DEFAULT_BREEDS_FILE) -> BreedCatalog:
    payload = json.loads(path.read_text(encoding="utf-8"))
    return BreedCatalog(BreedProfile.model_validate(item) for item in payload["breeds"])
