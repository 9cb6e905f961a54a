"""GET /api/v1/jobs/{job_id}: a background job's state, for its owner only."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from smartbreeds_common.fastapi.schemas import Envelope

from app.api.deps import CurrentUser
from app.api.routes.recommendations import ContextDep
from app.recommendations.jobs import job_status
from app.recommendations.schemas import JobStatus

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.get("/{job_id}")
async def get_job(job_id: uuid.UUID, ctx: ContextDep, user: CurrentUser) -> Envelope[JobStatus]:
    return Envelope(data=JobStatus.model_validate(await job_status(ctx, job_id=str(job_id), user_id=user.user_id)))
