"""Identify the pet in a photo: classifier first (always), vision LLM second (when Ollama answers).

The merged result is cached in Redis under `ollama:vision:{sha256}` for 30 days, but only when
the vision LLM contributed (a classifier-only answer is recomputed next time, when Ollama may be up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio
import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from smartbreeds_common.errors import ApplicationError

from app.breeds import BreedCatalog, BreedProfile
from app.breeds.catalog import normalise_name
from app.clients.ollama import OllamaProbe
from app.clients.redis import redis_key
from app.core import metrics
from app.core.config import Settings
from app.uploads import UploadedImage
from app.vision.certainty import alternatives, classifier_is_confident, vlm_is_confident
from app.vision.classifier import BreedClassifier, Classification
from app.vision.prompts import PEDIGREE_PROMPT, PET_PROMPT
from app.vision.schemas import Candidate, PedigreeAnswer, VisionResult, VlmPetAnswer
from app.vision.species import combine_with_vlm, decide_from_evidence, species_evidence
from app.vision.vlm import VlmUnavailable, ask_structured

if TYPE_CHECKING:  # LlamaIndex costs ~1.5 s to import: only where a model is built or called
    from llama_index.llms.ollama import Ollama

logger = structlog.get_logger(__name__)

VISION_LLM = "vision_llm"
CLASSIFIER = "classifier"
MAX_CANDIDATES = 5
DISAGREEMENT_MIN_TOP1 = 0.6


def vision_unavailable(message: str) -> ApplicationError:
    return ApplicationError("VISION_UNAVAILABLE", message, status=503)


def no_pet_detected(*, partly_seen: bool = False) -> ApplicationError:
    """`partly_seen`: some dog or cat was seen, not enough to be sure (often several animals, or one
    small in the frame): the answer says so, so the user can crop to one animal or say what it is."""
    metrics.NO_PET_DETECTED.inc()
    return ApplicationError(
        "NO_PET_DETECTED",
        "No dog or cat was found in this photo. Try a clearer photo of your pet, or say whether it is a dog or a cat.",
        status=422,
        details={"crop_hint": True} if partly_seen else None,
    )


@dataclass
class VisionService:
    settings: Settings
    classifier: BreedClassifier | None
    breeds: BreedCatalog
    redis: Redis
    probe: OllamaProbe
    llm_factory: Callable[..., Ollama]

    # -- pets ------------------------------------------------------------------------
    async def analyze(self, upload: UploadedImage, *, species: str | None = None) -> VisionResult:
        """`species` ("dog" or "cat"): the user says what the pet is; the species check is skipped and
        the breed comes from that species only (`species_source: "user"`)."""
        if species is not None:
            return await self._analyze_stated(upload, species)
        cache_key = redis_key(self.settings, f"ollama:vision:{upload.sha256}")
        cached = await self._cached(cache_key)
        if cached is not None:
            return cached

        classification = await self._classify(upload)
        evidence = species_evidence(classification) if classification is not None else None
        classifier_species = decide_from_evidence(evidence) if evidence is not None else None
        if classification is not None and classifier_species == "none":
            # A second look at the whole frame: the centre crop cuts off a pet near the edge, or most of
            # a group. Only photos the first look refuses pay for it.
            whole = await self._classify(upload, whole=True)
            whole_evidence = species_evidence(whole) if whole is not None else None
            if whole is not None and whole_evidence is not None and decide_from_evidence(whole_evidence) != "none":
                classification, evidence = whole, whole_evidence
                classifier_species = decide_from_evidence(whole_evidence)
        if evidence is not None and classifier_species == "none" and not evidence.in_grey_zone:
            raise no_pet_detected()  # nothing suggests a pet: not worth a VLM call
        hint = classifier_species if classifier_species in ("dog", "cat") else (evidence.leading if evidence else None)
        candidates = self.candidates(classification, hint) if classification is not None and hint else []

        answer = await self._ask_vlm(upload, candidates, hint if classifier_species != "none" else None)
        if answer is None and classification is None:
            raise vision_unavailable("Neither the image classifier nor the vision model is available. Try again later.")
        degraded = [] if answer is not None else [VISION_LLM]
        if classification is None:
            degraded.append(CLASSIFIER)

        species = combine_with_vlm(evidence, answer.species) if answer is not None else classifier_species
        if species not in ("dog", "cat"):
            raise no_pet_detected(partly_seen=evidence is not None and evidence.in_grey_zone)
        species_source = "vlm" if answer is not None and answer.species == species else "classifier"
        if classification is not None and species != hint:
            candidates = self.candidates(classification, species)
        result = self._result(upload, answer, candidates, classification, species, degraded)
        result = result.model_copy(update={"species_source": species_source})

        if VISION_LLM not in degraded:
            await self._cache_set(cache_key, result.model_dump_json())
        return result

    async def _analyze_stated(self, upload: UploadedImage, species: str) -> VisionResult:
        cache_key = redis_key(self.settings, f"ollama:vision:{species}:{upload.sha256}")
        cached = await self._cached(cache_key)
        if cached is not None:
            return cached
        classification = await self._classify(upload)
        candidates = self.candidates(classification, species) if classification is not None else []
        answer = await self._ask_vlm(upload, candidates, species)
        if answer is None and classification is None:
            raise vision_unavailable("Neither the image classifier nor the vision model is available. Try again later.")
        degraded = [] if answer is not None else [VISION_LLM]
        if classification is None:
            degraded.append(CLASSIFIER)
        if answer is not None and answer.species != species:
            # The VLM did not see a pet of that species: its breed is not one of the user's species.
            answer = None if classification is not None else answer.model_copy(update={"species": species})
        result = self._result(upload, answer, candidates, classification, species, degraded)
        result = result.model_copy(update={"species_source": "user"})
        if VISION_LLM not in degraded:
            await self._cache_set(cache_key, result.model_dump_json())
        return result

    def _result(
        self,
        upload: UploadedImage,
        answer: VlmPetAnswer | None,
        candidates: list[Candidate],
        classification: Classification | None,
        species: str,
        degraded: list[str],
    ) -> VisionResult:
        if answer is not None and answer.species == species:
            return self._merge(upload, answer, candidates, classification, species, degraded)
        # No VLM, or it saw another species than the (very sure) classifier: the classifier's breed,
        # trusted only if the VLM did not contradict it.
        if classification is None:  # no VLM answer means the classifier answered (checked above)
            raise vision_unavailable("No classifier result.")
        return self._from_classifier(
            upload, candidates, classification, species, degraded, contradicted=answer is not None
        )

    async def _cached(self, cache_key: str) -> VisionResult | None:
        cached = await self._cache_get(cache_key)
        if cached is None:
            return None
        try:
            return VisionResult.model_validate_json(cached).model_copy(update={"cached": True})
        except ValueError:
            logger.warning("vision_cache_entry_invalid")
            return None

    def candidates(self, classification: Classification, species: str) -> list[Candidate]:
        """Breed candidates of the decided species; ImageNet classes of one breed are summed."""
        scores = classification.dog_classes if species == "dog" else classification.cat_classes
        merged: dict[str, Candidate] = {}
        for score in scores:
            profile = self.breeds.by_imagenet_class(score.class_id)
            if profile is None:
                continue
            if profile.name in merged:
                existing = merged[profile.name]
                merged[profile.name] = existing.model_copy(
                    update={"probability": round(existing.probability + score.probability, 4)}
                )
            else:
                merged[profile.name] = Candidate(
                    breed=profile.name,
                    species=profile.species,
                    probability=round(score.probability, 4),
                    imagenet_class=score.class_id,
                )
        return sorted(merged.values(), key=lambda c: c.probability, reverse=True)[:MAX_CANDIDATES]

    async def _classify(self, upload: UploadedImage, *, whole: bool = False) -> Classification | None:
        if self.classifier is None:
            return None
        classifier = self.classifier
        return await anyio.to_thread.run_sync(lambda: classifier.classify(upload.image, whole=whole))

    async def _ask_vlm(
        self, upload: UploadedImage, candidates: list[Candidate], species: str | None
    ) -> VlmPetAnswer | None:
        if not await self.probe.is_available():
            metrics.VLM_FALLBACKS.labels(reason="ollama_unavailable").inc()
            return None
        listed = "\n".join(f"- {c.breed} ({c.probability:.2f})" for c in candidates) or "- (classifier unavailable)"
        prompt = PET_PROMPT.format(candidates=listed, species=species or "unknown")
        try:
            return await ask_structured(
                self.llm_factory,
                prompt=prompt,
                image=upload.vlm_jpeg,
                image_mimetype="image/jpeg",
                output=VlmPetAnswer,
                timeout=self.settings.ollama_timeout_seconds,
            )
        except VlmUnavailable as exc:
            logger.warning("vision_llm_degraded", reason=str(exc))
            metrics.VLM_FALLBACKS.labels(reason="vlm_failed").inc()
            self.probe.forget()
            return None

    def _merge(
        self,
        upload: UploadedImage,
        answer: VlmPetAnswer,
        candidates: list[Candidate],
        classification: Classification | None,
        species: str,
        degraded: list[str],
    ) -> VisionResult:
        profile = self.breeds.get(answer.breed)
        breed = profile.name if profile else answer.breed.strip()
        notes: list[str] = []
        if candidates and candidates[0].probability >= DISAGREEMENT_MIN_TOP1:
            top_names = {normalise_name(c.breed) for c in candidates}
            if normalise_name(breed) not in top_names:
                notes.append(
                    f"The vision model says {breed}, but the classifier was confident in {candidates[0].breed} "
                    f"({candidates[0].probability:.2f}) and did not rank {breed} in its top {len(candidates)}."
                )
        # The catalog's traits are curated breed facts; the VLM's are guesses from one photo, so they
        # only describe breeds the catalog does not know (and never mix with the catalog's).
        traits: dict[str, Any] = profile.traits() if profile else answer.traits.model_dump()
        return VisionResult(
            breed=breed,
            species=species,
            confidence=round(answer.confidence, 4),
            is_mixed=answer.is_mixed,
            parent_breeds=[(self.breeds.get(p).name if self.breeds.get(p) else p) for p in answer.parent_breeds],  # type: ignore[union-attr]
            traits=traits,
            description=answer.description or (profile.description if profile else ""),
            candidates=candidates,
            species_probabilities=_species_probabilities(classification),
            source=VISION_LLM,
            breed_source="vlm",
            is_confident=vlm_is_confident(
                breed=breed,
                confidence=answer.confidence,
                is_mixed=answer.is_mixed,
                candidates=candidates if classification is not None else None,
                breeds=self.breeds,
            ),
            alternatives=alternatives(candidates, vlm_breed=breed, vlm_confidence=answer.confidence),
            disagreement=" ".join(notes) or None,
            degraded=degraded,
            image_url=upload.url,
            image_sha256=upload.sha256,
        )

    def _from_classifier(
        self,
        upload: UploadedImage,
        candidates: list[Candidate],
        classification: Classification,
        species: str,
        degraded: list[str],
        *,
        contradicted: bool = False,
    ) -> VisionResult:
        if not candidates:
            raise no_pet_detected()
        top = candidates[0]
        profile: BreedProfile | None = self.breeds.get(top.breed)
        return VisionResult(
            breed=top.breed,
            species=species,
            confidence=top.probability,
            is_mixed=False,  # the classifier cannot tell mixes apart; only the vision model judges that
            parent_breeds=[],
            traits=profile.traits() if profile else {},
            description=profile.description if profile else "",
            candidates=candidates,
            species_probabilities=_species_probabilities(classification),
            source=CLASSIFIER,
            breed_source="classifier",
            is_confident=not contradicted and classifier_is_confident(candidates, self.breeds),
            alternatives=alternatives(candidates),
            degraded=degraded,
            image_url=upload.url,
            image_sha256=upload.sha256,
        )

    # -- pedigree certificates -------------------------------------------------------
    async def read_pedigree(self, upload: UploadedImage) -> dict[str, Any]:
        cache_key = redis_key(self.settings, f"ollama:pedigree:{upload.sha256}")
        cached = await self._cache_get(cache_key)
        if cached is not None:
            return PedigreeAnswer.model_validate_json(cached).model_dump() | {"image_url": upload.url, "cached": True}
        if not await self.probe.is_available():
            raise vision_unavailable(
                "Reading pedigree certificates needs the vision model, which is not available right now."
            )
        try:
            answer = await ask_structured(
                self.llm_factory,
                prompt=PEDIGREE_PROMPT,
                image=upload.vlm_jpeg,
                image_mimetype="image/jpeg",
                output=PedigreeAnswer,
                timeout=self.settings.ollama_timeout_seconds,
            )
        except VlmUnavailable as exc:
            self.probe.forget()
            raise vision_unavailable(
                "The vision model could not read this certificate right now. Try again later."
            ) from exc
        profile = self.breeds.get(answer.breed)
        if profile is not None:
            answer = answer.model_copy(update={"breed": profile.name})
        await self._cache_set(cache_key, answer.model_dump_json())
        return answer.model_dump() | {"image_url": upload.url, "cached": False}

    # -- cache -------------------------------------------------------------------------
    async def forget(self, sha256: str) -> None:
        """Drop the cached answers about a photo (its analyses and the photo are gone)."""
        kinds = ("vision", "vision:dog", "vision:cat", "pedigree")
        keys = [redis_key(self.settings, f"ollama:{kind}:{sha256}") for kind in kinds]
        try:
            await self.redis.delete(*keys)
        except RedisError as exc:
            logger.warning("vision_cache_unavailable", error_type=type(exc).__name__)

    async def _cache_get(self, key: str) -> str | None:
        try:
            value = await self.redis.get(key)
        except RedisError as exc:
            logger.warning("vision_cache_unavailable", error_type=type(exc).__name__)
            return None
        return value if isinstance(value, str) else None

    async def _cache_set(self, key: str, value: str) -> None:
        try:
            await self.redis.set(key, value, ex=self.settings.vision_cache_ttl_seconds)
        except RedisError as exc:
            logger.warning("vision_cache_unavailable", error_type=type(exc).__name__)


def _species_probabilities(classification: Classification | None) -> dict[str, float]:
    if classification is None:
        return {}
    return {
        "dog": round(classification.dog_probability, 4),
        "cat": round(classification.cat_probability, 4),
        "other": round(classification.other_probability, 4),
    }
