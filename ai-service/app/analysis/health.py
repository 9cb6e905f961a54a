"""Health information for a breed (from the knowledge base) or, while the breed is uncertain, for the species."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import structlog

from app.analysis.schemas import HealthInfoOut
from app.breeds import BreedCatalog
from app.breeds.models import plural_breed
from app.rag.runtime import RagRuntime
from app.rag.service import health_info_for_breed

logger = structlog.get_logger(__name__)

HEALTH_INFO = "health_info"


@dataclass(frozen=True, slots=True)
class HealthAdvisor:
    rag: RagRuntime | None
    breeds: BreedCatalog
    timeout_seconds: float

    async def for_breed(self, *, breed: str, species: str, degraded: list[str]) -> HealthInfoOut:
        """Never raises: the catalog fills in when the knowledge base fails (degraded "health_info")."""
        if self.rag is not None:
            try:
                info = await asyncio.wait_for(
                    health_info_for_breed(self.rag, breed=breed, species=species, timeout=self.timeout_seconds),
                    timeout=self.timeout_seconds + 1,
                )
                payload = info.model_dump(mode="json")
                inner: list[str] = payload.pop("degraded", [])
                if "rag" in inner:
                    _add(degraded, HEALTH_INFO)
                for name in inner:
                    _add(degraded, name)
                return HealthInfoOut.model_validate(payload)
            except Exception as exc:  # noqa: BLE001 - the knowledge base must not fail the analysis
                logger.warning("health_info_failed", error_type=type(exc).__name__)
        _add(degraded, HEALTH_INFO)
        profile = self.breeds.get(breed)
        conditions = list(profile.common_health_conditions) if profile is not None else []
        summary = (
            f"{plural_breed(breed)} are prone to: {', '.join(conditions)}."
            if conditions
            else "No health information is available right now."
        )
        return HealthInfoOut(summary=summary, common_conditions=conditions, sources=[])

    def for_species(self, species: str) -> HealthInfoOut:
        """General care for the species, from the breed catalog's species advice."""
        advice = self.breeds.species_advice(species)
        if advice is None:
            return HealthInfoOut(
                summary=f"General {species} care applies until the breed is known.", common_conditions=[], sources=[]
            )
        return HealthInfoOut(
            summary=advice.health_summary, common_conditions=list(advice.common_conditions), sources=[]
        )


def _add(degraded: list[str], name: str) -> None:
    if name not in degraded:
        degraded.append(name)
