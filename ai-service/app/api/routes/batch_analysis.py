"""POST /api/v1/pets/analyze/batch: up to 50 photos, analysed by a background job (poll GET /jobs/{job_id})."""

from __future__ import annotations

from fastapi import APIRouter, Request

from smartbreeds_common.fastapi.schemas import Envelope

from app.api.deps import CurrentUser, SettingsDep
from app.api.forms import IMAGE_PROPERTY, multipart_form
from app.batch.service import FIELD, receive_photos, start_batch
from app.jobs.schemas import JobAccepted

router = APIRouter(prefix="/api/v1/pets", tags=["analysis"])

BATCH_FORM_SCHEMA = multipart_form(
    {FIELD: {"type": "array", "items": IMAGE_PROPERTY, "minItems": 1, "maxItems": 50}}, [FIELD]
)


@router.post("/analyze/batch", status_code=202, openapi_extra=BATCH_FORM_SCHEMA)
async def analyze_batch(request: Request, user: CurrentUser, settings: SettingsDep) -> Envelope[JobAccepted]:
    """Each photo is checked as for POST /pets/analyze; 429 RATE_LIMITED (Retry-After) with too many jobs running."""
    photos = await receive_photos(request, settings=settings)
    job = await start_batch(request.app.state, ident=user, photos=photos)
    return Envelope(data=JobAccepted(job_id=job["job_id"]))
