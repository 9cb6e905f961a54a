"""The caller's analyses: GET /api/v1/analyses (newest first, paginated), GET and DELETE /{analysis_id},
POST /{analysis_id}/breed (the owner picks the breed) and /save (into a pet's history)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from smartbreeds_common.fastapi.schemas import Envelope

from app.analysis.schemas import AnalysisDeleted, AnalysisOut, AnalysisPage, BreedChoiceIn, SaveAnalysisIn, SavedPet
from app.api.deps import AnalysisServiceDep, CurrentUser, PhotoStorageDep

router = APIRouter(prefix="/api/v1/analyses", tags=["analysis"])

MAX_PAGE_SIZE = 100


@router.get("")
async def list_analyses(
    user: CurrentUser,
    analyses: AnalysisServiceDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> Envelope[AnalysisPage]:
    return Envelope(data=await analyses.list_page(ident=user, page=page, page_size=page_size))


@router.get("/{analysis_id}")
async def get_analysis(analysis_id: str, user: CurrentUser, analyses: AnalysisServiceDep) -> Envelope[AnalysisOut]:
    return Envelope(data=await analyses.get(ident=user, analysis_id=analysis_id))


@router.delete("/{analysis_id}")
async def delete_analysis(
    analysis_id: str, user: CurrentUser, analyses: AnalysisServiceDep, photos: PhotoStorageDep
) -> Envelope[AnalysisDeleted]:
    await analyses.delete(ident=user, analysis_id=analysis_id, photos=photos)
    return Envelope(data=AnalysisDeleted(analysis_id=analysis_id))


@router.post("/{analysis_id}/breed")
async def choose_breed(
    analysis_id: str, body: BreedChoiceIn, user: CurrentUser, analyses: AnalysisServiceDep
) -> Envelope[AnalysisOut]:
    analysis = await analyses.choose_breed(ident=user, analysis_id=analysis_id, breed=body.breed, size=body.size)
    return Envelope(data=analysis)


SAVED_TO_EXISTING = {200: {"model": Envelope[SavedPet], "description": "Saved to an existing pet (or saved before)"}}


@router.post("/{analysis_id}/save", status_code=201, responses=SAVED_TO_EXISTING)  # type: ignore[arg-type]
async def save_analysis(
    analysis_id: str, body: SaveAnalysisIn, user: CurrentUser, analyses: AnalysisServiceDep, response: Response
) -> Envelope[SavedPet]:
    pet, created = await analyses.save(ident=user, analysis_id=analysis_id, target=body)
    if not created:
        response.status_code = 200
    return Envelope(data=SavedPet.model_validate(pet))
