"""GET /api/v1/jobs/{job_id}: a background job's state; DELETE: cancel it (what it wrote is removed)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from smartbreeds_common.fastapi.schemas import Envelope

from app.api.deps import CurrentUser
from app.jobs.schemas import JobCancelled, JobOut
from app.jobs.service import cancel_job, visible_job
from app.jobs.store import JobStore

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


def get_jobs(request: Request) -> JobStore:
    jobs: JobStore = request.app.state.jobs
    return jobs


JobsDep = Annotated[JobStore, Depends(get_jobs)]


@router.get("/{job_id}")
async def get_job(job_id: uuid.UUID, jobs: JobsDep, user: CurrentUser) -> Envelope[JobOut]:
    return Envelope(data=JobOut.model_validate(await visible_job(jobs, job_id=str(job_id), user=user)))


@router.delete("/{job_id}")
async def delete_job(job_id: uuid.UUID, request: Request, user: CurrentUser) -> Envelope[JobCancelled]:
    cancelled = await cancel_job(request.app.state, job_id=str(job_id), user=user)
    return Envelope(data=JobCancelled(job_id=cancelled["job_id"], state=cancelled["state"]))
