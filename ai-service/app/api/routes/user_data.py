"""Internal routes for a user's data in the AI service (never routed by the gateway, which forwards
only its route table and never `/internal/...`):

- DELETE /internal/users/{user_id}/data: erase everything of that user; called by the auth service's
  erasure worker, signed with the shared gateway secret as role "service" for that very user id.
- GET /internal/users/me/export: the caller's analyses, recommendation history and photo names, for
  the gateway's GET /api/v1/users/me/export (signed as the user).
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.fastapi.schemas import Envelope

from app.api.deps import CurrentUser, IdentityDep, PhotoStorageDep, RedisDep, SessionFactoryDep, SettingsDep
from app.privacy.erasure import erase_user_data
from app.privacy.export import export_user_data
from app.privacy.schemas import ErasureCounts, ErasureReport, UserDataExport

router = APIRouter(prefix="/internal/users", tags=["internal"], include_in_schema=False)

SERVICE_ROLE = "service"


@router.delete("/{user_id}/data")
async def erase_data(
    user_id: uuid.UUID,
    ident: IdentityDep,
    settings: SettingsDep,
    session_factory: SessionFactoryDep,
    redis: RedisDep,
    photos: PhotoStorageDep,
) -> Envelope[ErasureReport]:
    if ident.role != SERVICE_ROLE or ident.user_id != str(user_id):
        raise ApplicationError("FORBIDDEN", "Only the erasure worker may erase a user's data.", status=403)
    counts = await erase_user_data(
        user_id=str(user_id), session_factory=session_factory, redis=redis, settings=settings, photos=photos
    )
    deleted = ErasureCounts.model_validate({name: getattr(counts, name) for name in counts.__slots__})
    return Envelope(data=ErasureReport(user_id=str(user_id), deleted=deleted))


@router.get("/me/export")
async def export_data(user: CurrentUser, session_factory: SessionFactoryDep) -> Envelope[UserDataExport]:
    return Envelope(
        data=UserDataExport.model_validate(
            await export_user_data(user_id=user.user_id, session_factory=session_factory)
        )
    )
