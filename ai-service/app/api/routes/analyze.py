"""POST /api/v1/pets/analyze: multipart `image` + optional `pet_id`; the whole pet analysis."""

from __future__ import annotations

from fastapi import APIRouter, Request

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.fastapi.schemas import Envelope

from app.analysis.schemas import AnalysisOut
from app.analysis.service import parse_pet_id
from app.api.deps import AnalysisServiceDep, CurrentUser, PhotoStorageDep, SessionFactoryDep, SettingsDep
from app.api.forms import ANALYZE_FORM_SCHEMA
from app.uploads import persist_upload, receive_image

router = APIRouter(prefix="/api/v1/pets", tags=["analysis"])


@router.post("/analyze", openapi_extra=ANALYZE_FORM_SCHEMA)
async def analyze_pet(
    request: Request,
    user: CurrentUser,
    settings: SettingsDep,
    analyses: AnalysisServiceDep,
    session_factory: SessionFactoryDep,
    photos: PhotoStorageDep,
) -> Envelope[AnalysisOut]:
    upload, form = await receive_image(request, settings=settings, uploader=user, session_factory=session_factory)
    analysis = await analyses.analyze_photo(ident=user, upload=upload, pet_id=parse_pet_id(form.get("pet_id")))
    try:
        await persist_upload(upload, storage=photos, uploader=user, session_factory=session_factory, settings=settings)
    except ApplicationError:
        await analyses.store.remove(analysis.analysis_id)  # refused at the last step: nothing of it stays
        raise
    return Envelope(data=analysis)
