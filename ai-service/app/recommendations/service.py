"""Recommendations for a pet profile: filter, score, explain; with the pet's cache and the history."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import numpy as np
import structlog
from numpy.typing import NDArray

from app.core import metrics
from app.rag.service import retrieve_facts
from app.recommendations.cache import cached_result, store_result
from app.recommendations.catalog import CatalogSnapshot, public_product
from app.recommendations.context import RecommendationContext
from app.recommendations.explanations import (
    LLM_DEGRADED,
    MAX_LLM_PRODUCTS,
    build_prompt,
    cited_guide,
    deterministic_explanation,
    llm_explanations,
)
from app.recommendations.features import FEATURE_NAMES
from app.recommendations.history import recommendation_record
from app.recommendations.model import SuitabilityModel, rank_traits
from app.recommendations.schemas import GuideSource, PetProfile, RecommendationResult
from app.recommendations.traits import PetTraits, resolve_traits

logger = structlog.get_logger(__name__)

MODEL_DEGRADED = "recommendation_model"
FACTS_TOP_K = 3
LLM_TIMEOUT_CAP_SECONDS = 20.0  # stays under the gateway's 30 s upstream timeout


def _product_label(product: dict[str, Any]) -> str:
    """The product without its brand: one brand of each product is enough in a list."""
    return str(product["name"]).removeprefix(f"{product['brand']} ")


def _diverse_top(snapshot: CatalogSnapshot, order: NDArray[np.int_], limit: int) -> list[int]:
    picked: list[int] = []
    seen: set[str] = set()
    for position, index in enumerate(order):
        label = _product_label(snapshot.products[index])
        if label not in seen:
            seen.add(label)
            picked.append(position)
            if len(picked) == limit:
                break
    return picked


def rank_products(
    model: SuitabilityModel, snapshot: CatalogSnapshot, pet: PetTraits, *, category: str | None, limit: int
) -> tuple[list[int], list[float], NDArray[np.float64]]:
    """Hard filters (species, life stage, category), then the model; (product indices, scores, feature rows)."""
    eligible = snapshot.encoded.category_mask(category) if category else None
    order, scores, features = rank_traits(model, snapshot.encoded, pet, eligible=eligible)
    positions = _diverse_top(snapshot, order, limit)
    return [int(order[p]) for p in positions], [round(float(scores[p]), 4) for p in positions], features[positions]


def popular_products(
    snapshot: CatalogSnapshot, pet: PetTraits, *, category: str | None, limit: int
) -> tuple[list[int], list[float]]:
    """The fallback when scoring fails: most popular products of the species (and category), life stage respected."""
    unfit = snapshot.encoded.not_known_to_fit(pet)
    candidates = [
        i
        for i, product in enumerate(snapshot.products)
        if not unfit[i]
        and pet.species in (product["suitable_for"] or {}).get("species", [])
        and (category is None or product["category"] == category)
        and (not (product["suitable_for"] or {}).get("ages") or pet.life_stage in product["suitable_for"]["ages"])
    ]
    candidates.sort(key=lambda i: -int(snapshot.products[i]["popularity"] or 0))
    top = candidates[:limit]
    return top, [round(min(1.0, max(0.0, (snapshot.products[i]["popularity"] or 0) / 100)), 4) for i in top]


async def _facts(ctx: RecommendationContext, pet: PetTraits, timeout: float) -> list[Any]:
    if ctx.rag is None or not pet.breed:
        return []
    conditions = ", ".join([*pet.owner_conditions, *pet.breed_conditions][:4])
    query = f"{pet.breed} health problems {conditions}".strip()
    try:
        return list(
            await asyncio.wait_for(
                retrieve_facts(ctx.rag, query=query, breed=pet.breed, species=pet.species, top_k=FACTS_TOP_K),
                timeout=timeout,
            )
        )
    except Exception as exc:  # noqa: BLE001 - facts only enrich explanations
        logger.warning("recommendation_facts_failed", error_type=type(exc).__name__)
        return []


async def _explain(
    ctx: RecommendationContext,
    pet: PetTraits,
    products: list[dict[str, Any]],
    rows: NDArray[np.float64],
    degraded: list[str],
) -> tuple[list[str], list[GuideSource | None]]:
    if not products:
        return [], []
    deadline = time.monotonic() + min(ctx.settings.ollama_timeout_seconds, LLM_TIMEOUT_CAP_SECONDS)
    facts = await _facts(ctx, pet, timeout=ctx.settings.rag_timeout_seconds)
    explanations = [
        deterministic_explanation(pet, product, row, facts) for product, row in zip(products, rows, strict=True)
    ]
    sources = [cited_guide(pet, product, facts) for product in products]
    head = min(len(products), MAX_LLM_PRODUCTS)
    llm_texts = None
    if await ctx.ollama_probe.is_available():
        prompt = build_prompt(pet, products[:head], rows[:head], facts)
        llm_texts = await llm_explanations(ctx.llm_factory, prompt, head, timeout=max(1.0, deadline - time.monotonic()))
    if llm_texts is None:
        degraded.append(LLM_DEGRADED)
    else:
        explanations[:head] = llm_texts
    return explanations, sources


@metrics.observe_async(metrics.RECOMMENDATION_DURATION)
async def recommend_for_profile(
    ctx: RecommendationContext, *, profile: PetProfile, limit: int = 10, category: str | None = None
) -> RecommendationResult:
    """Products for this pet, best first, with scores in [0, 1] and one explanation each.

    Never raises for a scoring or LLM failure: degraded names "recommendation_model" (popular products
    instead of scored ones) and/or "recommendation_llm" (deterministic explanations).
    """
    degraded: list[str] = []
    pet = resolve_traits(
        species=profile.species,
        breed=profile.breed,
        age_months=profile.age_months,
        weight_kg=profile.weight_kg,
        health_conditions=profile.health_conditions,
        breeds=ctx.breeds,
        size=profile.size,
    )
    snapshot = await ctx.recommender.catalog.get()
    try:
        indices, scores, rows = await asyncio.to_thread(
            rank_products, ctx.recommender.model, snapshot, pet, category=category, limit=limit
        )
    except Exception as exc:
        logger.exception("recommendation_scoring_failed", error_type=type(exc).__name__)
        degraded.append(MODEL_DEGRADED)
        indices, scores = popular_products(snapshot, pet, category=category, limit=limit)
        rows = np.full((len(indices), len(FEATURE_NAMES)), 0.5)
    products = [snapshot.products[i] for i in indices]
    explanations, sources = await _explain(ctx, pet, products, rows, degraded)
    return RecommendationResult(
        products=[public_product(p) for p in products],
        scores=scores,
        explanations=explanations,
        sources=sources,
        degraded=degraded,
    )


def profile_from_pet(pet: dict[str, Any]) -> PetProfile:
    """The user service's pet (contract shape) as a PetProfile."""
    species = pet.get("species") if pet.get("species") in ("dog", "cat") else "other"
    return PetProfile(
        species=species,
        breed=pet.get("breed") or None,
        age_months=pet.get("age"),
        weight_kg=float(pet["weight"]) if pet.get("weight") not in (None, "") else None,
        health_conditions=list(pet.get("health_conditions") or []),
    )


async def recommend_for_pet(
    ctx: RecommendationContext,
    *,
    user_id: str,
    pet: dict[str, Any],
    category: str | None,
    limit: int,
    use_cache: bool = True,
) -> RecommendationResult:
    """Recommendations for a stored pet: from the per-pet cache when the pet has not changed, else computed,
    cached (unless degraded) and recorded in the history."""
    pet_id = str(pet["id"])
    updated_at = str(pet.get("updated_at") or "")
    if use_cache:
        hit = await cached_result(
            ctx.redis, ctx.settings, pet_id=pet_id, updated_at=updated_at, category=category, limit=limit
        )
        if hit is not None:
            return RecommendationResult.model_validate(hit)
    profile = profile_from_pet(pet)
    result = await recommend_for_profile(ctx, profile=profile, limit=limit, category=category)
    await recommendation_record(
        ctx.session_factory,
        user_id=user_id,
        pet_id=pet_id,
        profile=profile.model_dump(),
        product_ids=[str(p.id) for p in result.products],
        scores=result.scores,
    )
    if not result.degraded:
        await store_result(
            ctx.redis,
            ctx.settings,
            pet_id=pet_id,
            updated_at=updated_at,
            category=category,
            limit=limit,
            result=result.model_dump(mode="json"),
        )
    return result


async def recommend_for_explicit_profile(
    ctx: RecommendationContext, *, user_id: str, profile: PetProfile, category: str | None, limit: int
) -> RecommendationResult:
    result = await recommend_for_profile(ctx, profile=profile, limit=limit, category=category)
    if user_id:
        await recommendation_record(
            ctx.session_factory,
            user_id=user_id,
            pet_id=None,
            profile=profile.model_dump(),
            product_ids=[str(p.id) for p in result.products],
            scores=result.scores,
        )
    return result
