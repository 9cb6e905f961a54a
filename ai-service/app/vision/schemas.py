"""What the vision LLM must answer (sent to Ollama as a JSON schema) and what the API returns."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.breeds.models import EnergyLevel, Size


class VlmTraits(BaseModel):
    size: Size
    energy_level: EnergyLevel
    temperament: list[str] = Field(max_length=8)
    coat: str = Field(max_length=200)
    lifespan: str = Field(max_length=60, description="typical life span, e.g. '12-15 years'")


class VlmPetAnswer(BaseModel):
    """The structured answer asked of qwen3-vl for a pet photo."""

    model_config = ConfigDict(extra="ignore")

    breed: str = Field(min_length=2, max_length=120)
    species: Literal["dog", "cat", "other"]
    confidence: float = Field(ge=0, le=1)
    is_mixed: bool
    parent_breeds: list[str] = Field(default_factory=list, max_length=4)
    traits: VlmTraits
    description: str = Field(max_length=1000)


class PedigreeAnswer(BaseModel):
    """Fields read from a pedigree certificate; null when the document does not show them."""

    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, max_length=200)
    breed: str | None = Field(default=None, max_length=120)
    registration_number: str | None = Field(default=None, max_length=100)
    date_of_birth: str | None = Field(default=None, max_length=40, description="ISO date YYYY-MM-DD when legible")
    sex: str | None = Field(default=None, max_length=20)
    color: str | None = Field(default=None, max_length=100)
    sire: str | None = Field(default=None, max_length=200)
    dam: str | None = Field(default=None, max_length=200)
    breeder: str | None = Field(default=None, max_length=200)
    owner: str | None = Field(default=None, max_length=200)
    registry: str | None = Field(default=None, max_length=200, description="issuing kennel club or registry")


class Candidate(BaseModel):
    breed: str
    species: Literal["dog", "cat"]
    probability: float
    imagenet_class: int


class Alternative(BaseModel):
    breed: str
    confidence: float


BreedSource = Literal["classifier", "vlm", "user"]
SpeciesSource = Literal["classifier", "vlm", "user"]


class VisionResult(BaseModel):
    breed: str
    species: Literal["dog", "cat"]
    confidence: float
    is_mixed: bool
    parent_breeds: list[str]
    traits: dict[str, Any]
    description: str
    candidates: list[Candidate]
    species_probabilities: dict[str, float]
    source: Literal["vision_llm", "classifier"]
    breed_source: BreedSource
    is_confident: bool
    alternatives: list[Alternative]
    disagreement: str | None = None
    degraded: list[str]
    image_url: str
    image_sha256: str
    cached: bool = False
    species_source: SpeciesSource = "classifier"


class PedigreeOut(PedigreeAnswer):
    """POST /vision/pedigree: the certificate's fields, the stored image and whether it came from the cache."""

    image_url: str
    cached: bool
