"""Product recommendations for a breed, or for a species (of one size) while the breed is uncertain."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from typing import Any

import structlog

from app.analysis.schemas import RecommendedProduct
from app.recommendations.context import RecommendationContext
from app.recommendations.schemas import PetProfile
from app.recommendations.service import recommend_for_profile

logger = structlog.get_logger(__name__)

RECOMMENDATIONS = "recommendations"
RECOMMENDATION_TIMEOUT_SECONDS = 30.0
RECOMMENDATION_LIMIT = 10
_SIZE_ONLY = "size only"  # the profile key under which a species-and-size pet is looked up


@dataclass(frozen=True, slots=True)
class SizeOnlyProfile:
    """What the recommender reads from a breed profile, knowing only the size (no breed name, no
    breed conditions): so its products and explanations stay about "dogs like yours"."""

    species: str
    size: str
    name: None = None
    energy_level: None = None
    coat: None = None
    grooming: None = None
    weight_kg: None = None
    common_health_conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SizeOnlyLookup:
    profile: SizeOnlyProfile

    def get(self, name: str) -> SizeOnlyProfile | None:
        return self.profile if name == _SIZE_ONLY else None


@dataclass(frozen=True, slots=True)
class ProductAdvisor:
    context: RecommendationContext | None

    async def for_breed(
        self, *, species: str, breed: str, pet: dict[str, Any] | None, degraded: list[str]
    ) -> list[RecommendedProduct]:
        return await self._recommend(self.context, _profile(species, breed, pet), degraded)

    async def for_species(
        self, *, species: str, size: str | None, pet: dict[str, Any] | None, degraded: list[str]
    ) -> list[RecommendedProduct]:
        context = self.context
        if context is not None and size is not None:
            context = dataclasses.replace(context, breeds=SizeOnlyLookup(SizeOnlyProfile(species=species, size=size)))
        return await self._recommend(context, _profile(species, _SIZE_ONLY if size else None, pet), degraded)

    @staticmethod
    async def _recommend(
        context: RecommendationContext | None, profile: PetProfile, degraded: list[str]
    ) -> list[RecommendedProduct]:
        if context is None:
            degraded.append(RECOMMENDATIONS)
            return []
        try:
            result = await asyncio.wait_for(
                recommend_for_profile(context, profile=profile, limit=RECOMMENDATION_LIMIT),
                timeout=RECOMMENDATION_TIMEOUT_SECONDS,
            )
        except Exception as exc:  # noqa: BLE001 - recommendations must not fail the analysis
            logger.warning("recommendations_failed", error_type=type(exc).__name__)
            degraded.append(RECOMMENDATIONS)
            return []
        degraded.extend(name for name in result.degraded if name not in degraded)
        return [
            RecommendedProduct(
                product=product.model_dump(mode="json"), score=score, explanation=explanation, source=source
            )
            for product, score, explanation, source in zip(
                result.products,
                result.scores,
                result.explanations,
                result.sources or [None] * len(result.products),
                strict=True,
            )
        ]


def _profile(species: str, breed: str | None, pet: dict[str, Any] | None) -> PetProfile:
    pet = pet or {}
    weight = pet.get("weight")
    return PetProfile(
        species=species,
        breed=breed,
        age_months=pet.get("age"),
        weight_kg=float(weight) if weight not in (None, "") else None,
        health_conditions=list(pet.get("health_conditions") or []),
    )
