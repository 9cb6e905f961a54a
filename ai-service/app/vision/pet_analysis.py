"""POST /pets/analyze: vision -> health info (RAG) and recommendations -> saved to the pet's history.

Every stage after vision has its own timeout and degrades on its own; `degraded` names what fell
back: vision_llm, health_info (plus the knowledge base's own rag / rag_llm), recommendations (plus
recommendation_model / recommendation_llm), history_save.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.identity import Identity

from app.clients.user_service import UserServiceClient, UserServiceError
from app.core.config import Settings
from app.db.models import Analysis
from app.rag.service import health_info_for_breed
from app.recommendations.context import RecommendationContext
from app.recommendations.schemas import PetProfile
from app.recommendations.service import recommend_for_profile
from app.uploads import UploadedImage
from app.vision.schemas import VisionResult
from app.vision.service import VisionService

logger = structlog.get_logger(__name__)

HEALTH_INFO = "health_info"
RECOMMENDATIONS = "recommendations"
HISTORY_SAVE = "history_save"
RECOMMENDATION_TIMEOUT_SECONDS = 30.0
RECOMMENDATION_LIMIT = 10


def parse_pet_id(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return str(uuid.UUID(str(value).strip()))
    except ValueError as exc:
        raise ApplicationError("VALIDATION_ERROR", "The request is invalid.", status=400, details={"pet_id": ["Must be a UUID."]}) from exc


async def analyze_pet_photo(
    *,
    ident: Identity,
    upload: UploadedImage,
    pet_id: str | None,
    settings: Settings,
    vision: VisionService,
    rag: Any,
    recommendations: RecommendationContext | None,
    user_service: UserServiceClient,
    session_factory: async_sessionmaker[AsyncSession],
) -> dict[str, Any]:
    degraded: list[str] = []
    pet: dict[str, Any] | None = None
    if pet_id is not None:
        try:
            pet = await user_service.get_pet(ident, pet_id)  # 404 PET_NOT_FOUND passes through, before any heavy work
        except UserServiceError as exc:
            logger.warning("pet_fetch_failed", reason=str(exc))
            degraded.append(HISTORY_SAVE)

    result = await vision.analyze(upload)
    degraded.extend(result.degraded)

    health_task = _health_info(rag, result, settings, degraded)
    recommendation_task = _recommendations(recommendations, result, pet, degraded)
    health_info, recommended = await asyncio.gather(health_task, recommendation_task)

    analysis_id = uuid.uuid4()
    response: dict[str, Any] = {
        "analysis_id": str(analysis_id),
        "pet_id": pet_id,
        "breed": result.breed,
        "species": result.species,
        "confidence": result.confidence,
        "is_mixed": result.is_mixed,
        "parent_breeds": result.parent_breeds,
        "traits": result.traits,
        "description": result.description,
        "health_info": health_info,
        "recommendations": recommended,
        "candidates": [c.model_dump() for c in result.candidates],
        "disagreement": result.disagreement,
        "image_url": result.image_url,
        "degraded": degraded,
        "saved_to_history": False,
    }

    if pet_id is not None and pet is not None:
        try:
            await user_service.save_analysis(
                ident,
                pet_id,
                {
                    "image_url": result.image_url,
                    "breed_detected": result.breed,
                    "confidence": result.confidence,
                    "traits": result.traits,
                    "raw_response": _raw_response(result, health_info, analysis_id),
                    "update_pet_breed": True,
                },
            )
            response["saved_to_history"] = True
        except (UserServiceError, ApplicationError) as exc:
            logger.warning("analysis_history_save_failed", error_type=type(exc).__name__)
            degraded.append(HISTORY_SAVE)

    async with session_factory() as session:
        session.add(
            Analysis(
                id=analysis_id,
                user_id=ident.user_id,
                pet_id=pet_id,
                image_sha256=result.image_sha256,
                image_url=result.image_url,
                breed=result.breed,
                species=result.species,
                confidence=result.confidence,
                result=response,
                degraded=degraded,
            )
        )
        await session.commit()
    return response


async def _health_info(rag: Any, result: VisionResult, settings: Settings, degraded: list[str]) -> dict[str, Any]:
    if rag is not None:
        try:
            info = await asyncio.wait_for(
                health_info_for_breed(rag, breed=result.breed, species=result.species, timeout=settings.rag_timeout_seconds),
                timeout=settings.rag_timeout_seconds + 1,
            )
            payload = info.model_dump(mode="json")
            inner = payload.pop("degraded", [])
            if "rag" in inner:
                degraded.append(HEALTH_INFO)
            degraded.extend(name for name in inner if name not in degraded)
            return payload
        except Exception as exc:  # the knowledge base must not fail the analysis
            logger.warning("health_info_failed", error_type=type(exc).__name__)
    degraded.append(HEALTH_INFO)
    conditions = list(result.traits.get("common_health_conditions", [])) or []
    profile = getattr(getattr(rag, "breeds", None), "get", lambda _n: None)(result.breed)
    if profile is not None:
        conditions = list(profile.common_health_conditions)
    summary = f"{result.breed}s are prone to: {', '.join(conditions)}." if conditions else "No health information is available right now."
    return {"summary": summary, "common_conditions": conditions, "sources": []}


async def _recommendations(
    ctx: RecommendationContext | None, result: VisionResult, pet: dict[str, Any] | None, degraded: list[str]
) -> list[dict[str, Any]]:
    if ctx is None:
        degraded.append(RECOMMENDATIONS)
        return []
    pet = pet or {}
    profile = PetProfile(
        species=result.species,
        breed=result.breed,
        age_months=pet.get("age"),
        weight_kg=pet.get("weight"),
        health_conditions=list(pet.get("health_conditions") or []),
    )
    try:
        recommended = await asyncio.wait_for(
            recommend_for_profile(ctx, profile=profile, limit=RECOMMENDATION_LIMIT), timeout=RECOMMENDATION_TIMEOUT_SECONDS
        )
    except Exception as exc:  # recommendations must not fail the analysis
        logger.warning("recommendations_failed", error_type=type(exc).__name__)
        degraded.append(RECOMMENDATIONS)
        return []
    degraded.extend(name for name in recommended.degraded if name not in degraded)
    return [
        {"product": product.model_dump(mode="json"), "score": score, "explanation": explanation}
        for product, score, explanation in zip(recommended.products, recommended.scores, recommended.explanations, strict=True)
    ]


def _raw_response(result: VisionResult, health_info: dict[str, Any], analysis_id: uuid.UUID) -> dict[str, Any]:
    return {
        "analysis_id": str(analysis_id),
        "vision": result.model_dump(mode="json", exclude={"cached"}),
        "health_info": health_info,
    }
