"""What the internal user-data routes answer: the erasure's counts and the export's records."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErasureCounts(BaseModel):
    analyses: int
    recommendations: int
    uploads: int
    files: int
    redis_keys: int


class ErasureReport(BaseModel):
    user_id: str
    deleted: ErasureCounts


class ExportedAnalysis(BaseModel):
    id: str
    pet_id: str | None
    image_url: str
    breed: str
    species: str
    confidence: float
    result: dict[str, Any]
    degraded: list[str]
    created_at: str


class ExportedRecommendation(BaseModel):
    id: str
    pet_id: str | None
    profile: dict[str, Any]
    product_ids: list[str]
    scores: list[float]
    created_at: str


class ExportedPhoto(BaseModel):
    name: str
    size_bytes: int
    uploaded_at: str


class UserDataExport(BaseModel):
    """The AI service's part of GET /api/v1/users/me/export (the gateway zips it into account.json)."""

    analyses: list[ExportedAnalysis]
    recommendations: list[ExportedRecommendation]
    photos: list[ExportedPhoto]
