"""Background jobs at the API's edge (GET/DELETE /api/v1/jobs/{job_id})."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

JobKind = Literal["ingestion", "batch_analysis", "recommendations"]
JobState = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class JobProgress(BaseModel):
    done: int
    total: int


class JobOut(BaseModel):
    """A job as its owner sees it. `results`: a batch analysis lists one `{index, analysis}` or
    `{index, error}` per photo in upload order (null until that photo is done); an ingestion
    `{document_id}`; a recommendation refresh `{pets: [...]}`."""

    job_id: str
    kind: JobKind
    state: JobState
    progress: JobProgress
    results: Any | None = None
    error: str | None = None
    created_at: str
    updated_at: str


class JobAccepted(BaseModel):
    """202: the job to poll at GET /jobs/{job_id}."""

    job_id: str


class JobCancelled(BaseModel):
    job_id: str
    state: JobState
