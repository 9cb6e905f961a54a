"""POST /api/v1/analyses/{analysis_id}/breed (the owner picks the breed) and /save (into a pet's history)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from smartbreeds_common.fastapi.schemas import Envelope

from app.analysis.schemas import AnalysisOut, BreedChoiceIn, SaveAnalysisIn, SavedPet
from app.api.deps import AnalysisServiceDep, CurrentUser

router = APIRouter(prefix="/api/v1/analyses", tags=["analysis"])


@router.post("/{analysis_id}/breed")
async def choose_breed(
    analysis_id: str, body: BreedChoiceIn, user: CurrentUser, analyses: AnalysisServiceDep
) -> Envelope[AnalysisOut]:
    analysis = await analyses.choose_breed(ident=user, analysis_id=analysis_id, breed=body.breed)
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
