"""The breed profile schema of app/data/breeds.json."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Species = Literal["dog", "cat"]
Size = Literal["toy", "small", "medium", "large", "giant"]
EnergyLevel = Literal["low", "moderate", "high", "very_high"]
Grooming = Literal["low", "moderate", "high"]


def plural_breed(name: str) -> str:
    """'Beagle' -> 'Beagles', 'Shih Tzu' -> 'Shih Tzus'; names that already read as plurals ('Belgian
    Malinois', 'Pekingese', 'Sphynx') stay as they are (never 'Malinoiss')."""
    text = name.strip()
    lower = text.lower()
    if lower.endswith(("s", "x", "z", "ese")):
        return text
    if lower.endswith(("sh", "ch")):
        return f"{text}es"
    return f"{text}s"


def years_text(low: float, high: float) -> str:
    """'12-15 years'; '12 years' when both ends are equal (never '12-12 years')."""
    return f"{low:g} years" if low == high else f"{low:g}-{high:g} years"


class Range(BaseModel):
    model_config = ConfigDict(frozen=True)

    min: float = Field(gt=0)
    max: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class BreedProfile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=2)
    species: Species
    aliases: list[str] = Field(default_factory=list)
    # Sizes of one breed that share one knowledge-base guide (the Toy, Miniature and Standard Poodle).
    family: str | None = None
    imagenet_classes: list[int] = Field(default_factory=list)
    # Breeds the image classifier tends to answer for this one (it cannot name this breed, or confuses
    # it): a prediction of any of them is not trusted on its own.
    mistaken_for: list[str] = Field(default_factory=list)
    size: Size
    energy_level: EnergyLevel
    weight_kg: Range
    lifespan_years: Range
    coat: str
    grooming: Grooming
    temperament: list[str] = Field(min_length=1)
    common_health_conditions: list[str] = Field(min_length=1)
    description: str = Field(min_length=10)

    @property
    def plural(self) -> str:
        return plural_breed(self.name)

    @property
    def in_classifier_vocabulary(self) -> bool:
        return bool(self.imagenet_classes)

    def traits(self) -> dict[str, object]:
        """The trait block the API answers with (sizes, energy, temperament, coat, lifespan...)."""
        return {
            "size": self.size,
            "energy_level": self.energy_level,
            "temperament": list(self.temperament),
            "coat": self.coat,
            "grooming": self.grooming,
            "weight_kg": self.weight_kg.model_dump(),
            "lifespan_years": self.lifespan_years.model_dump(),
            "lifespan": years_text(self.lifespan_years.min, self.lifespan_years.max),
        }


class SpeciesAdvice(BaseModel):
    """General care for a species, given while the breed is uncertain."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    health_summary: str = Field(min_length=10)
    common_conditions: list[str] = Field(min_length=1)
