"""Recommendations over HTTP: for a pet or an explicit profile, the caller's recent sets, batch refresh."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.fastapi.schemas import Envelope

from app.api.deps import CurrentUser
from app.clients.user_service import UserServiceError
from app.jobs.schemas import JobAccepted
from app.recommendations import jobs
from app.recommendations.context import RecommendationContext, context_from_state
from app.recommendations.history import recent_recommendations
from app.recommendations.schemas import RecentRecommendation, RecommendationIn, RecommendationResult
from app.recommendations.service import recommend_for_explicit_profile, recommend_for_pet

router = APIRouter(prefix="/api/v1/recommendations", tags=["recommendations"])


def recommendation_context(request: Request) -> RecommendationContext:
    return context_from_state(request.app.state)


ContextDep = Annotated[RecommendationContext, Depends(recommendation_context)]


@router.post("")
async def recommend(body: RecommendationIn, ctx: ContextDep, user: CurrentUser) -> Envelope[RecommendationResult]:
    if body.pet_id is not None:
        try:
            pet = await ctx.user_service.get_pet(user, str(body.pet_id))
        except UserServiceError as exc:
            raise ApplicationError(
                "SERVICE_UNAVAILABLE", "The pet could not be fetched right now.", status=503
            ) from exc
        result = await recommend_for_pet(ctx, user_id=user.user_id, pet=pet, category=body.category, limit=body.limit)
    else:
        result = await recommend_for_explicit_profile(
            ctx, user_id=user.user_id, profile=body.explicit_profile(), category=body.category, limit=body.limit
        )
    return Envelope(data=result)


@router.get("/recent")
async def recent(ctx: ContextDep, user: CurrentUser) -> Envelope[list[RecentRecommendation]]:
    recent_sets = await recent_recommendations(ctx.session_factory, user_id=user.user_id)
    return Envelope(data=[RecentRecommendation.model_validate(entry) for entry in recent_sets])


@router.post("/batch", status_code=202)
async def batch(request: Request, user: CurrentUser) -> Envelope[JobAccepted]:
    """Queued on the Celery workers; poll GET /jobs/{job_id}."""
    job = await jobs.create_job(request.app.state, ident=user)
    return Envelope(data=JobAccepted(job_id=job["job_id"]))
