"""A pet profile plus its breed's traits: everything the scorer needs about the pet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from app.recommendations.conditions import condition_groups

SIZES = ("toy", "small", "medium", "large", "giant")
ENERGY_LEVELS = ("low", "moderate", "high", "very_high")
GROOMING_LEVELS = ("low", "moderate", "high")
COAT_TAGS = ("short", "medium", "long", "double", "curly", "wire", "silky", "hairless")
LIFE_STAGES = ("puppy", "kitten", "adult", "senior")
OVERWEIGHT_FACTOR = 1.10  # 10% above the breed's top weight counts as overweight


class BreedLookup(Protocol):
    def get(self, name: str) -> Any: ...


@dataclass(frozen=True)
class PetTraits:
    species: str
    breed: str | None
    breed_known: bool
    size: str | None
    energy_level: str | None
    coat_tags: frozenset[str]
    grooming: str | None
    life_stage: str
    owner_conditions: tuple[str, ...]
    breed_conditions: tuple[str, ...]
    owner_groups: frozenset[str]
    breed_groups: frozenset[str]
    overweight: bool = False
    notes: dict[str, str] = field(default_factory=dict)
    age_known: bool = True  # False: `life_stage` is only the filter's default, never a stated fact


def coat_tags(coat: str | None) -> frozenset[str]:
    text = (coat or "").lower()
    tags = {tag for tag in COAT_TAGS if tag in text}
    if "double" in text or "undercoat" in text or "dense" in text:
        tags.add("double")
    if "smooth" in text:
        tags.add("short")
    return frozenset(tags)


def life_stage(species: str, age_months: int | None, size: str | None) -> str:
    """Puppy/kitten until 12 months (giant dogs 18); senior from 7 years (large/giant dogs 6, cats 11)."""
    if age_months is None:
        return "adult"
    if species == "cat":
        return "kitten" if age_months < 12 else "senior" if age_months >= 132 else "adult"
    young_until = 18 if size == "giant" else 12
    senior_from = 72 if size in ("large", "giant") else 84
    return "puppy" if age_months < young_until else "senior" if age_months >= senior_from else "adult"


def _range(value: Any, key: str) -> float | None:
    if value is None:
        return None
    raw = value.get(key) if isinstance(value, dict) else getattr(value, key, None)
    return float(raw) if raw is not None else None


def resolve_traits(
    *,
    species: str,
    breed: str | None,
    age_months: int | None,
    weight_kg: float | None,
    health_conditions: list[str],
    breeds: BreedLookup | None,
    size: str | None = None,
) -> PetTraits:
    """Join the profile with the breed catalog. An unknown breed keeps only what the owner gave."""
    profile = breeds.get(breed) if breeds is not None and breed else None
    if profile is not None and getattr(profile, "species", species) != species:
        profile = None  # a "Persian" typed for a dog: do not borrow cat traits
    size = getattr(profile, "size", None) if profile is not None else size  # the breed's size, else the owner's
    owner_conditions = list(health_conditions)
    notes: dict[str, str] = {}
    overweight = False
    weight_max = _range(getattr(profile, "weight_kg", None), "max") if profile is not None else None
    if weight_kg is not None and weight_max and weight_kg > weight_max * OVERWEIGHT_FACTOR:
        overweight = True
        owner_conditions.append("overweight")
        notes["weight"] = f"{weight_kg:g} kg is above the usual {weight_max:g} kg maximum for the breed"
    breed_conditions = tuple(getattr(profile, "common_health_conditions", []) or []) if profile is not None else ()
    owner_groups = condition_groups(owner_conditions)
    return PetTraits(
        species=species,
        breed=getattr(profile, "name", breed) if profile is not None else breed,
        breed_known=profile is not None,
        size=size,
        energy_level=getattr(profile, "energy_level", None) if profile is not None else None,
        coat_tags=coat_tags(getattr(profile, "coat", None) if profile is not None else None),
        grooming=getattr(profile, "grooming", None) if profile is not None else None,
        life_stage=life_stage(species, age_months, size),
        owner_conditions=tuple(owner_conditions),
        breed_conditions=breed_conditions,
        owner_groups=frozenset(owner_groups),
        breed_groups=frozenset(condition_groups(breed_conditions) - owner_groups),
        overweight=overweight,
        notes=notes,
        age_known=age_months is not None,
    )


def traits_from_dict(data: dict[str, Any]) -> PetTraits:
    """Traits written out in full (training and evaluation profiles), independent of the breed catalog."""
    owner = list(data.get("health_conditions", []))
    breed_conditions = tuple(data.get("breed_conditions", []))
    species = data["species"]
    owner_groups = condition_groups(owner)
    return PetTraits(
        species=species,
        breed=data.get("breed"),
        breed_known=True,
        size=data.get("size"),
        energy_level=data.get("energy_level"),
        coat_tags=coat_tags(data.get("coat")),
        grooming=data.get("grooming"),
        life_stage=life_stage(species, data.get("age_months"), data.get("size")),
        owner_conditions=tuple(owner),
        breed_conditions=breed_conditions,
        owner_groups=frozenset(owner_groups),
        breed_groups=frozenset(condition_groups(breed_conditions) - owner_groups),
    )
