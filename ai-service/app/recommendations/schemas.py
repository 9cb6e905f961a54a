"""Pydantic shapes of the recommendation domain and its HTTP edges."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Category = Literal["food", "toy", "accessory", "health", "grooming"]
Species = Literal["dog", "cat", "other"]
CATEGORIES: tuple[str, ...] = ("food", "toy", "accessory", "health", "grooming")


class PetProfile(BaseModel):
    """What the recommender knows about a pet (from the user service or given explicitly)."""

    species: Species
    breed: str | None = None
    age_months: int | None = Field(default=None, ge=0, le=600)
    weight_kg: float | None = Field(default=None, gt=0, le=200)
    health_conditions: list[str] = Field(default_factory=list, max_length=30)

    @field_validator("health_conditions")
    @classmethod
    def _strip_conditions(cls, value: list[str]) -> list[str]:
        return [condition.strip()[:120] for condition in value if condition and condition.strip()]

    @field_validator("breed")
    @classmethod
    def _strip_breed(cls, value: str | None) -> str | None:
        return value.strip()[:120] or None if value else None


class ProductOut(BaseModel):
    """The contract's `product`."""

    id: uuid.UUID
    name: str
    brand: str
    category: Category
    description: str
    price: float
    image_url: str | None
    suitable_for: dict[str, Any]


class GuideSource(BaseModel):
    """A knowledge-base guide an explanation cites; read it at GET /api/v1/rag/documents/{document_id}."""

    document_id: str
    title: str


class RecommendationResult(BaseModel):
    """Products, their scores, explanations and cited guides (None: none cited), in the same order
    (scores descending)."""

    products: list[ProductOut]
    scores: list[float]
    explanations: list[str]
    sources: list[GuideSource | None] = Field(default_factory=list)
    degraded: list[str] = Field(default_factory=list)


class RecommendationIn(BaseModel):
    """`{pet_id}` or `{breed, species, age?, weight?, health_conditions?}`, optional category and limit."""

    model_config = ConfigDict(extra="forbid")

    pet_id: uuid.UUID | None = None
    breed: str | None = Field(default=None, max_length=120)
    species: Species | None = None
    age: int | None = Field(default=None, ge=0, le=600, description="months")
    weight: float | None = Field(default=None, gt=0, le=200, description="kg")
    health_conditions: list[str] | None = Field(default=None, max_length=30)
    category: Category | None = None
    limit: int = Field(default=10, ge=1, le=50)

    @field_validator("breed", "health_conditions")
    @classmethod
    def _no_nul(cls, value: str | list[str] | None) -> str | list[str] | None:
        """The profile is stored with the recommendation set; PostgreSQL text cannot hold NUL (was a 500)."""
        texts = [value] if isinstance(value, str) else value or []
        if any("\x00" in text for text in texts):
            raise ValueError("NUL characters are not allowed")
        return value

    @model_validator(mode="after")
    def _pet_or_profile(self) -> RecommendationIn:
        if self.pet_id is None and (self.species is None or not (self.breed or "").strip()):
            raise ValueError("give either pet_id, or breed and species")
        return self

    def explicit_profile(self) -> PetProfile:
        return PetProfile(
            species=self.species or "other",
            breed=self.breed,
            age_months=self.age,
            weight_kg=self.weight,
            health_conditions=self.health_conditions or [],
        )


class ProductPage(BaseModel):
    """GET /products: one page of the catalog."""

    items: list[ProductOut]
    total: int
    page: int
    page_size: int


class RecentProduct(BaseModel):
    id: str
    name: str
    category: Category
    price: float
    score: float


class RecentRecommendation(BaseModel):
    """One of the caller's latest recommendation sets (GET /recommendations/recent)."""

    id: str
    pet_id: str | None
    created_at: str
    profile: dict[str, Any]
    top_products: list[RecentProduct]
