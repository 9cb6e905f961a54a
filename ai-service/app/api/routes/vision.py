"""POST /api/v1/vision/analyze and /api/v1/vision/pedigree: multipart `image`."""

from __future__ import annotations

from fastapi import APIRouter, Request

from smartbreeds_common.fastapi.schemas import Envelope

from app.api.deps import CurrentUser, PhotoStorageDep, SessionFactoryDep, SettingsDep, VisionDep
from app.api.forms import IMAGE_FORM_SCHEMA
from app.uploads import persist_upload, receive_image
from app.vision.schemas import PedigreeOut, VisionResult

router = APIRouter(prefix="/api/v1/vision", tags=["vision"])


@router.post("/analyze", openapi_extra=IMAGE_FORM_SCHEMA)
async def analyze_photo(
    request: Request,
    user: CurrentUser,
    settings: SettingsDep,
    vision: VisionDep,
    session_factory: SessionFactoryDep,
    photos: PhotoStorageDep,
) -> Envelope[VisionResult]:
    upload, _form = await receive_image(request, settings=settings, uploader=user, session_factory=session_factory)
    result = await vision.analyze(upload)
    await persist_upload(upload, storage=photos, uploader=user, session_factory=session_factory, settings=settings)
    return Envelope(data=result)


@router.post("/pedigree", openapi_extra=IMAGE_FORM_SCHEMA)
async def read_pedigree(
    request: Request,
    user: CurrentUser,
    settings: SettingsDep,
    vision: VisionDep,
    session_factory: SessionFactoryDep,
    photos: PhotoStorageDep,
) -> Envelope[PedigreeOut]:
    upload, _form = await receive_image(request, settings=settings, uploader=user, session_factory=session_factory)
    fields = await vision.read_pedigree(upload)
    await persist_upload(upload, storage=photos, uploader=user, session_factory=session_factory, settings=settings)
    return Envelope(data=PedigreeOut.model_validate(fields))
