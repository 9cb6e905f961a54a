"""GET /api/v1/jobs/{job_id}: a background job's state, for its owner only."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from smartbreeds_common.envelope import success

from app.api.deps import CurrentUser
from app.api.routes.recommendations import ContextDep
from app.recommendations.jobs import job_status

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.get("/{job_id}")
async def get_job(job_id: uuid.UUID, ctx: ContextDep, user: CurrentUser) -> dict[str, Any]:
    return success(await job_status(ctx, job_id=str(job_id), user_id=user.user_id))
