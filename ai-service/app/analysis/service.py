"""The analysis flow: analyse a photo, correct its breed, save what was shown to a pet's history.

`degraded` names what fell back: vision_llm / classifier (vision), health_info (plus the knowledge
base's own rag / rag_llm), recommendations (plus recommendation_model / recommendation_llm), history_save.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.identity import Identity

from app.analysis.health import HealthAdvisor
from app.analysis.products import ProductAdvisor
from app.analysis.schemas import AnalysisOut, AnalysisPage, HealthInfoOut, RecommendedProduct, SaveAnalysisIn
from app.analysis.store import AnalysisStore
from app.analysis.thumbnails import store_thumbnail, thumbnail_name
from app.breeds import BreedCatalog
from app.breeds.catalog import MIXED_BREED, is_mixed_breed
from app.clients.user_service import UserServiceClient, UserServiceError
from app.core import metrics
from app.core.config import Settings
from app.db.models import Analysis
from app.storage import PhotoStorage
from app.uploads import UploadedImage, persist_upload
from app.vision.certainty import shared_size
from app.vision.schemas import VisionResult
from app.vision.service import CLASSIFIER, VISION_LLM, VisionService

logger = structlog.get_logger(__name__)

HISTORY_SAVE = "history_save"
VISION_PARTS = (VISION_LLM, CLASSIFIER)
MAX_BREED_CHARS = 100  # the user service's breed column


def analysis_not_found() -> ApplicationError:
    return ApplicationError("ANALYSIS_NOT_FOUND", "Analysis not found.", status=404)


def parse_pet_id(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return str(uuid.UUID(str(value).strip()))
    except ValueError as exc:
        raise ApplicationError(
            "VALIDATION_ERROR", "The request is invalid.", status=400, details={"pet_id": ["Must be a UUID."]}
        ) from exc


def parse_species(value: Any) -> str | None:
    """The optional form field `species`: "dog" or "cat" (what the user says the pet is)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    species = str(value).strip().lower()
    if species not in ("dog", "cat"):
        raise ApplicationError(
            "VALIDATION_ERROR", "The request is invalid.", status=400, details={"species": ["Must be dog or cat."]}
        )
    return species


@dataclass(frozen=True, slots=True)
class Advice:
    scope: str
    size: str | None
    health_info: HealthInfoOut
    recommendations: list[RecommendedProduct]


@dataclass(frozen=True, slots=True)
class AnalysisService:
    vision: VisionService
    breeds: BreedCatalog
    health: HealthAdvisor
    products: ProductAdvisor
    user_service: UserServiceClient
    store: AnalysisStore

    async def analyze_photo(
        self, *, ident: Identity, upload: UploadedImage, pet_id: str | None, species: str | None = None
    ) -> AnalysisOut:
        """One photo analysed and recorded (and saved to `pet_id`'s history when given). The photo itself is
        stored afterwards with `store_analysed_photo`; a batch stores each of its photos the same way."""
        degraded: list[str] = []
        pet: dict[str, Any] | None = None
        if pet_id is not None:
            try:
                pet = await self.user_service.get_pet(
                    ident, pet_id
                )  # 404 PET_NOT_FOUND passes through, before any heavy work
            except UserServiceError as exc:
                logger.warning("pet_fetch_failed", reason=str(exc))
                degraded.append(HISTORY_SAVE)

        result = await self.vision.analyze(upload, species=species)
        metrics.ANALYSES.labels(breed_source=result.breed_source, confident=str(result.is_confident).lower()).inc()
        degraded.extend(result.degraded)
        advice = await self._advise(result, pet, degraded)
        analysis = _analysis_out(uuid.uuid4(), pet_id, result, advice, degraded)

        if pet_id is not None and pet is not None:
            try:
                await self._save_to_pet(ident, analysis, {"pet_id": pet_id})
                analysis.saved_to_history = True
            except (UserServiceError, ApplicationError) as exc:
                logger.warning("analysis_history_save_failed", error_type=type(exc).__name__)
                degraded.append(HISTORY_SAVE)

        row = Analysis(
            id=uuid.UUID(analysis.analysis_id),
            user_id=ident.user_id,
            pet_id=pet_id if analysis.saved_to_history else None,
            image_sha256=result.image_sha256,
            image_url=result.image_url,
            breed=analysis.breed,
            species=analysis.species,
            confidence=analysis.confidence,
            result=analysis.model_dump(mode="json"),
            degraded=degraded,
            created_at=datetime.now(UTC),
        )
        await self.store.add(row)
        return analysis.model_copy(update={"created_at": _iso(row)})

    async def get(self, *, ident: Identity, analysis_id: str) -> AnalysisOut:
        row = await self.store.get_for_user(analysis_id, ident.user_id)
        if row is None:
            raise analysis_not_found()
        return _stored(row)

    async def list_page(self, *, ident: Identity, page: int, page_size: int) -> AnalysisPage:
        rows, total = await self.store.list_for_user(ident.user_id, offset=(page - 1) * page_size, limit=page_size)
        items = []
        for row in rows:
            try:
                items.append(_stored(row))
            except ApplicationError:  # recorded before analyses could be acted on: not listed
                continue
        return AnalysisPage(items=items, total=total, page=page, page_size=page_size)

    async def delete(self, *, ident: Identity, analysis_id: str, photos: PhotoStorage) -> None:
        """The analysis, and its photo unless a pet or another of the user's analyses still uses it (or
        another user uploaded it too): the file, its thumbnail and its cached vision answers."""
        orphaned = await self.store.delete_for_user(analysis_id, ident.user_id)
        if orphaned is None:
            raise analysis_not_found()
        if orphaned.file_name is not None:
            await photos.delete(orphaned.file_name)
            await photos.delete(thumbnail_name(orphaned.sha256))
            await self.vision.forget(orphaned.sha256)

    async def choose_breed(
        self, *, ident: Identity, analysis_id: str, breed: str, size: str | None = None
    ) -> AnalysisOut:
        """The owner's breed (a correction or a confirmation) becomes the analysis's breed: traits, health
        info and recommendations recomputed for it, no new upload; the first guess is kept as
        `original_breed`. "Mixed breed" (with the size when the owner knows it) gets the species'
        advice, of that size."""
        row = await self.store.get_for_user(analysis_id, ident.user_id)
        if row is None:
            raise analysis_not_found()
        previous = _stored(row)
        mixed = is_mixed_breed(breed)
        profile = None if mixed else self.breeds.get(breed)
        if profile is None and not mixed:
            raise ApplicationError(
                "UNKNOWN_BREED", "Choose a breed from the list.", status=400, details={"breed": ["Unknown breed."]}
            )
        species = profile.species if profile is not None else previous.species
        degraded = [name for name in previous.degraded if name in VISION_PARTS]
        pet = await self._pet_or_none(ident, previous.pet_id)
        if profile is not None:
            health_info, recommendations = await asyncio.gather(
                self.health.for_breed(breed=profile.name, species=profile.species, degraded=degraded),
                self.products.for_breed(species=profile.species, breed=profile.name, pet=pet, degraded=degraded),
            )
            chosen: dict[str, Any] = {
                "breed": profile.name,
                "is_mixed": False,
                "traits": profile.traits(),
                "description": profile.description,
                "advice_scope": "breed",
                "advice_size": None,
            }
        else:
            recommendations = await self.products.for_species(species=species, size=size, pet=pet, degraded=degraded)
            health_info = self.health.for_species(species)
            chosen = {
                "breed": MIXED_BREED,
                "is_mixed": True,
                "traits": {"size": size} if size else {},
                "description": "",
                "advice_scope": "species",
                "advice_size": size,
            }
        original = previous.original_breed or (previous.breed if previous.breed != chosen["breed"] else None)
        analysis = previous.model_copy(
            update={
                **chosen,
                "species": species,
                "species_source": "user" if species != previous.species else previous.species_source,
                "confidence": 1.0,
                "parent_breeds": [],
                "is_confident": True,
                "breed_source": "user",
                "original_breed": original,
                "health_info": health_info,
                "recommendations": recommendations,
                "disagreement": None,
                "degraded": degraded,
            }
        )
        if previous.saved_to_history and previous.pet_id is not None:
            try:  # the pet's history shows what the owner sees: the same record, now with their breed
                await self._save_to_pet(ident, analysis, {"pet_id": previous.pet_id})
            except (UserServiceError, ApplicationError) as exc:
                logger.warning("analysis_history_update_failed", error_type=type(exc).__name__)
                degraded.append(HISTORY_SAVE)
        await self.store.update(
            row.id,
            breed=analysis.breed,
            species=analysis.species,
            confidence=analysis.confidence,
            result=analysis.model_dump(mode="json", exclude={"created_at"}),
            degraded=degraded,
        )
        metrics.ANALYSES.labels(breed_source="user", confident="true").inc()
        return analysis

    async def save(self, *, ident: Identity, analysis_id: str, target: SaveAnalysisIn) -> tuple[dict[str, Any], bool]:
        """The shown analysis into a pet's history (a new pet named `target.name`, or `target.pet_id`),
        without re-analysing; the same analysis twice gives the same pet. Returns (pet, created)."""
        row = await self.store.get_for_user(analysis_id, ident.user_id)
        if row is None:
            raise analysis_not_found()
        analysis = _stored(row)
        new_pet = {"name": (target.name or "").strip(), "species": analysis.species}
        where: dict[str, Any] = {"pet_id": str(target.pet_id)} if target.pet_id is not None else {"pet": new_pet}
        try:
            pet, created = await self._save_to_pet(ident, analysis, where)
        except UserServiceError as exc:
            raise ApplicationError(
                "UPSTREAM_UNAVAILABLE", "Pets cannot be saved right now. Try again later.", status=503
            ) from exc
        saved = analysis.model_copy(update={"pet_id": str(pet["id"]), "saved_to_history": True})
        await self.store.update(
            row.id, pet_id=str(pet["id"]), result=saved.model_dump(mode="json", exclude={"created_at"})
        )
        return pet, created

    async def _save_to_pet(
        self, ident: Identity, analysis: AnalysisOut, where: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        body = {
            **where,
            "image_url": analysis.image_url,
            "breed_detected": analysis.breed[:MAX_BREED_CHARS],
            "confidence": min(1.0, max(0.0, analysis.confidence)),
            "traits": analysis.traits,
            "raw_response": _raw_response(analysis),
            "update_pet_breed": analysis.is_confident,  # a guess never becomes the pet's breed
        }
        return await self.user_service.save_analysis_once(ident, analysis.analysis_id, body)

    async def _pet_or_none(self, ident: Identity, pet_id: str | None) -> dict[str, Any] | None:
        if pet_id is None:
            return None
        try:
            return await self.user_service.get_pet(ident, pet_id)
        except (UserServiceError, ApplicationError) as exc:
            logger.warning("pet_fetch_failed", error_type=type(exc).__name__)
            return None

    async def _advise(self, result: VisionResult, pet: dict[str, Any] | None, degraded: list[str]) -> Advice:
        """Breed-specific advice only for a breed that may be acted on; otherwise the species' (and the
        size the alternatives agree on)."""
        if result.is_confident:
            health_info, recommendations = await asyncio.gather(
                self.health.for_breed(breed=result.breed, species=result.species, degraded=degraded),
                self.products.for_breed(species=result.species, breed=result.breed, pet=pet, degraded=degraded),
            )
            return Advice("breed", None, health_info, recommendations)
        size = shared_size(result.alternatives, self.breeds) if result.alternatives else None
        recommendations = await self.products.for_species(species=result.species, size=size, pet=pet, degraded=degraded)
        return Advice("species", size, self.health.for_species(result.species), recommendations)


def _stored(row: Analysis) -> AnalysisOut:
    """The analysis as it was shown. One recorded before breeds could be corrected or saved (no
    certainty fields) cannot be acted on: it is answered like a missing one."""
    try:
        analysis = AnalysisOut.model_validate(row.result)
    except ValidationError as exc:
        logger.info("analysis_outdated", analysis_id=str(row.id))
        raise analysis_not_found() from exc
    return analysis.model_copy(update={"created_at": _iso(row)})


def _iso(row: Analysis) -> str | None:
    return row.created_at.isoformat() if row.created_at is not None else None


def _analysis_out(
    analysis_id: uuid.UUID, pet_id: str | None, result: VisionResult, advice: Advice, degraded: list[str]
) -> AnalysisOut:
    return AnalysisOut(
        analysis_id=str(analysis_id),
        pet_id=pet_id,
        breed=result.breed,
        species=result.species,
        confidence=result.confidence,
        is_mixed=result.is_mixed,
        parent_breeds=result.parent_breeds,
        # A guess's traits and description would read as facts: while uncertain, only the species (and
        # the size the alternatives agree on) is stated; each alternative's traits are shown under it.
        traits=result.traits if result.is_confident else ({"size": advice.size} if advice.size else {}),
        description=result.description if result.is_confident else "",
        is_confident=result.is_confident,
        alternatives=result.alternatives,
        breed_source=result.breed_source,
        advice_scope=advice.scope,
        advice_size=advice.size,
        health_info=advice.health_info,
        recommendations=advice.recommendations,
        candidates=result.candidates,
        disagreement=result.disagreement,
        image_url=result.image_url,
        degraded=degraded,
        species_source=result.species_source,
    )


def _raw_response(analysis: AnalysisOut) -> dict[str, Any]:
    """What the pet's history keeps of the shown analysis (bounded: no product list)."""
    return analysis.model_dump(
        mode="json",
        include={
            "analysis_id",
            "breed",
            "species",
            "confidence",
            "is_mixed",
            "parent_breeds",
            "is_confident",
            "alternatives",
            "breed_source",
            "advice_scope",
            "advice_size",
            "health_info",
            "degraded",
            "species_source",
            "original_breed",
            "thumbnail_url",
        },
    )


async def store_analysed_photo(
    upload: UploadedImage,
    *,
    storage: PhotoStorage,
    uploader: Identity,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
) -> None:
    """After `analyze_photo` succeeded: the photo (as every upload is stored) and its list thumbnail."""
    await persist_upload(upload, storage=storage, uploader=uploader, session_factory=session_factory, settings=settings)
    await store_thumbnail(storage, sha256=upload.sha256, image=upload.image)
