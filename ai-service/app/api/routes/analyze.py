"""POST /api/v1/pets/analyze: multipart `image` + optional `pet_id`; the whole pet analysis."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from smartbreeds_common.envelope import success

from app.api.deps import CurrentUser, SessionFactoryDep, SettingsDep, UserServiceDep
from app.api.routes.vision import IMAGE_FORM_SCHEMA, VisionDep
from app.recommendations.context import context_from_state
from app.uploads import persist_upload, receive_image
from app.vision.pet_analysis import analyze_pet_photo, parse_pet_id

router = APIRouter(prefix="/api/v1/pets", tags=["analysis"])

ANALYZE_FORM_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    **IMAGE_FORM_SCHEMA["requestBody"]["content"]["multipart/form-data"]["schema"],
                    "properties": {
                        **IMAGE_FORM_SCHEMA["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"],
                        "pet_id": {"type": "string", "format": "uuid", "description": "save the analysis to this pet's history"},
                    },
                }
            }
        },
    }
}


@router.post("/analyze", openapi_extra=ANALYZE_FORM_SCHEMA)
async def analyze_pet(
    request: Request,
    user: CurrentUser,
    settings: SettingsDep,
    vision: VisionDep,
    user_service: UserServiceDep,
    session_factory: SessionFactoryDep,
) -> dict[str, Any]:
    upload, form = await receive_image(
        request,
        max_bytes=settings.max_upload_bytes,
        uploader=user,
        session_factory=session_factory,
        quota_count=settings.upload_quota_count,
        quota_bytes=settings.upload_quota_bytes,
    )
    state = request.app.state
    analysis = await analyze_pet_photo(
        ident=user,
        upload=upload,
        pet_id=parse_pet_id(form.get("pet_id")),
        settings=settings,
        vision=vision,
        rag=getattr(state, "rag", None),
        recommendations=context_from_state(state) if getattr(state, "recommender", None) is not None else None,
        user_service=user_service,
        session_factory=session_factory,
    )
    await persist_upload(upload, upload_dir=settings.upload_dir, uploader=user, session_factory=session_factory)
    return success(analysis)
