"""The analysis as the API answers it, and the request bodies of /analyses/{id}/breed and /save."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.analysis.thumbnails import thumbnail_url_for
from app.breeds.models import Size
from app.rag.schemas import Source
from app.recommendations.schemas import GuideSource, ProductOut
from app.vision.schemas import Alternative, BreedSource, Candidate, SpeciesSource

AdviceScope = Literal["breed", "species"]


class HealthInfoOut(BaseModel):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)  # always sent

    summary: str
    common_conditions: list[str]
    sources: list[Source] = Field(default_factory=list)  # the knowledge base's cited sources


class RecommendedProduct(BaseModel):
    product: ProductOut
    score: float
    explanation: str
    source: GuideSource | None = None  # the knowledge-base guide the explanation cites


class AnalysisOut(BaseModel):
    """The contract's `analysis` (with its "Additions"). `advice_scope` says what health_info and
    recommendations are about: the breed, or (while the breed is uncertain) the species, of
    `advice_size` when the alternatives agree on a size."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)  # every key is always sent

    analysis_id: str
    pet_id: str | None
    breed: str
    species: Literal["dog", "cat"]
    confidence: float
    is_mixed: bool
    parent_breeds: list[str]
    traits: dict[str, Any]
    description: str
    is_confident: bool
    alternatives: list[Alternative]
    breed_source: BreedSource
    advice_scope: AdviceScope
    advice_size: str | None = None
    health_info: HealthInfoOut
    recommendations: list[RecommendedProduct]
    candidates: list[Candidate]
    disagreement: str | None = None
    image_url: str
    degraded: list[str]
    saved_to_history: bool = False
    thumbnail_url: str = ""  # a small re-encoded copy of the photo, for lists
    species_source: SpeciesSource = "classifier"  # who said dog or cat: the classifier, the VLM or the user
    original_breed: str | None = None  # the first guess, once a correction changed the breed
    created_at: str | None = None  # when the photo was analysed (ISO 8601), once stored

    @model_validator(mode="before")
    @classmethod
    def _derived_thumbnail(cls, data: Any) -> Any:
        """Analyses stored before thumbnails existed get theirs from the photo's URL (made on first request)."""
        if isinstance(data, dict) and not data.get("thumbnail_url") and data.get("image_url"):
            return {**data, "thumbnail_url": thumbnail_url_for(str(data["image_url"]))}
        return data


class AnalysisDeleted(BaseModel):
    analysis_id: str


class AnalysisPage(BaseModel):
    """GET /analyses: every analysis the caller ran, newest first."""

    items: list[AnalysisOut]
    total: int
    page: int
    page_size: int


class BreedChoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    breed: str = Field(min_length=1, max_length=120)
    # Only with "Mixed breed": the size the owner knows (advice for that size instead of all sizes).
    size: Size | None = None


class SaveAnalysisIn(BaseModel):
    """`{name}` for a new pet or `{pet_id}` for an existing one."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=100)
    pet_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _one_target(self) -> SaveAnalysisIn:
        if self.name is not None and not self.name.strip():
            raise ValueError("name must not be blank")
        if (self.name is None) == (self.pet_id is None):
            raise ValueError("give either name (a new pet) or pet_id (an existing pet)")
        return self


class BreedOut(BaseModel):
    name: str
    species: Literal["dog", "cat"]
    size: str
    energy_level: str
    aliases: list[str]


class SavedPet(BaseModel):
    """The user service's `pet` that a saved analysis joined (passed through as it answers)."""

    model_config = ConfigDict(extra="allow")

    id: uuid.UUID
    name: str
    species: Literal["dog", "cat", "other"]
    breed: str | None
    breed_confidence: float | None
    age: int | None
    weight: float | None
    health_conditions: list[str]
    image_url: str | None
    created_at: str
    updated_at: str
