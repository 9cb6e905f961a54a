"""GET /api/v1/products: browse the catalog (gateway signature required, no user needed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from smartbreeds_common.fastapi.schemas import Envelope

from app.api.deps import IdentityDep, SessionDep
from app.recommendations.schemas import Category, ProductPage
from app.recommendations.selectors import product_list

router = APIRouter(prefix="/api/v1/products", tags=["products"])


@router.get("")
async def list_products(
    session: SessionDep,
    _identity: IdentityDep,
    category: Category | None = None,
    species: Annotated[str | None, Query(pattern="^(dog|cat)$")] = None,
    # PostgreSQL text cannot hold NUL: refused here (400) instead of failing in the query (500).
    q: Annotated[str | None, Query(max_length=100, pattern="^[^\\x00]*$")] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Envelope[ProductPage]:
    page_found = await product_list(session, category=category, species=species, q=q, page=page, page_size=page_size)
    return Envelope(data=ProductPage.model_validate(page_found))
