"""GET /api/v1/breeds?species=&q=: every catalog breed, searchable (the breed picker)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from smartbreeds_common.fastapi.schemas import Envelope

from app.analysis.schemas import BreedOut
from app.api.deps import BreedCatalogDep, CurrentUser
from app.breeds.catalog import MIXED_BREED, normalise_name

MIXED_ALIASES = {"dog": ["mix", "mixed", "crossbreed", "mutt"], "cat": ["mix", "mixed", "moggie", "domestic shorthair"]}

router = APIRouter(prefix="/api/v1/breeds", tags=["breeds"])


@router.get("")
async def list_breeds(
    _user: CurrentUser,
    breeds: BreedCatalogDep,
    species: Literal["dog", "cat"] | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Envelope[list[BreedOut]]:
    found = breeds.search(species=species, query=q)
    listed = [
        BreedOut(name=p.name, species=p.species, size=p.size, energy_level=p.energy_level, aliases=list(p.aliases))
        for p in found
    ]
    return Envelope(data=_mixed_breed(species, q) + listed)


def _mixed_breed(species: str | None, query: str | None) -> list[BreedOut]:
    """ "Mixed breed" of each species, first: its size and energy vary (the owner may give the size)."""
    wanted = normalise_name(query) if query and query.strip() else ""
    return [
        BreedOut(name=MIXED_BREED, species=kind, size="varies", energy_level="varies", aliases=aliases)
        for kind, aliases in MIXED_ALIASES.items()
        if species in (None, kind)
        and (not wanted or wanted in normalise_name(MIXED_BREED) or any(wanted in a for a in aliases))
    ]
