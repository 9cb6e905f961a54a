"""POST /api/v1/analyses/{analysis_id}/breed (the owner picks the breed) and /save (into a pet's history)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from smartbreeds_common.envelope import success

from app.analysis.schemas import BreedChoiceIn, SaveAnalysisIn
from app.api.deps import AnalysisServiceDep, CurrentUser

router = APIRouter(prefix="/api/v1/analyses", tags=["analysis"])


@router.post("/{analysis_id}/breed")
async def choose_breed(analysis_id: str, body: BreedChoiceIn, user: CurrentUser, analyses: AnalysisServiceDep) -> dict[str, Any]:
    analysis = await analyses.choose_breed(ident=user, analysis_id=analysis_id, breed=body.breed)
    return success(analysis.model_dump(mode="json"))


@router.post("/{analysis_id}/save", status_code=201, responses={200: {"description": "saved to an existing pet (or saved before)"}})
async def save_analysis(analysis_id: str, body: SaveAnalysisIn, user: CurrentUser, analyses: AnalysisServiceDep) -> JSONResponse:
    pet, created = await analyses.save(ident=user, analysis_id=analysis_id, target=body)
    return JSONResponse(success(pet), status_code=201 if created else 200)
