"""GET /api/v1/breeds?species=&q=: every catalog breed, searchable (the breed picker)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from smartbreeds_common.fastapi.schemas import Envelope

from app.analysis.schemas import BreedOut
from app.api.deps import BreedCatalogDep, CurrentUser

router = APIRouter(prefix="/api/v1/breeds", tags=["breeds"])


@router.get("")
async def list_breeds(
    _user: CurrentUser,
    breeds: BreedCatalogDep,
    species: Literal["dog", "cat"] | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Envelope[list[BreedOut]]:
    found = breeds.search(species=species, query=q)
    return Envelope(
        data=[
            BreedOut(name=p.name, species=p.species, size=p.size, energy_level=p.energy_level, aliases=list(p.aliases))
            for p in found
        ]
    )
