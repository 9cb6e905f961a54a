"""Why each product was recommended: one LLM call for the whole list, grounded in the breed's facts
from the knowledge base; a deterministic sentence from the matched features when the LLM is not there.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import structlog
from numpy.typing import NDArray
from pydantic import BaseModel, Field

from app.breeds.models import plural_breed
from app.recommendations.conditions import GROUP_LABELS, condition_groups, conditions_in_group
from app.recommendations.features import FEATURE_NAMES
from app.recommendations.schemas import GuideSource
from app.recommendations.traits import PetTraits

logger = structlog.get_logger(__name__)

LLM_DEGRADED = "recommendation_llm"
MAX_LLM_PRODUCTS = 10
MAX_EXPLANATION_CHARS = 400

EXPLANATION_PROMPT = """You help pet owners understand product recommendations.
Pet: {pet}
Facts about the breed from our knowledge base:
{facts}

For each numbered product below, write one or two short sentences (under 45 words) explaining why it suits this pet.
Ground the reason in the pet's traits, conditions and the facts above
(e.g. "... because Golden Retrievers are prone to hip dysplasia").
Do not invent medical claims.
Answer JSON only: {{"explanations": [{{"index": <number>, "text": "<sentence>"}}, ...]}}, one entry per product.

Products:
{products}
"""


class ExplanationItem(BaseModel):
    index: int
    text: str = Field(min_length=1)


class ExplanationList(BaseModel):
    explanations: list[ExplanationItem]


def _feature(row: NDArray[np.float64], name: str) -> float:
    return float(row[FEATURE_NAMES.index(name)])


def _plural(breed: str) -> str:
    return plural_breed(breed)


def _cited_fact(condition: str, facts: Sequence[Any]) -> Any | None:
    """The retrieved health fact that speaks of `condition`, if any (it is cited next to the reason)."""
    return next((fact for fact in facts if condition.split()[0] in str(getattr(fact, "excerpt", "")).lower()), None)


def cited_guide(pet: PetTraits, product: dict[str, Any], facts: Sequence[Any] = ()) -> GuideSource | None:
    """The knowledge-base guide the product's explanation cites (the first breed reason with a fact), so the
    owner can open it: GET /api/v1/rag/documents/{document_id}."""
    product_groups = condition_groups((product.get("suitable_for") or {}).get("conditions", []))
    for group in sorted(product_groups & pet.breed_groups):
        condition = (conditions_in_group(pet.breed_conditions, group) or [GROUP_LABELS[group]])[0].lower()
        fact = _cited_fact(condition, facts)
        if fact is not None and getattr(fact, "title", None) and getattr(fact, "document_id", None):
            return GuideSource(document_id=str(fact.document_id), title=str(fact.title))
    return None


def matched_reasons(
    pet: PetTraits, product: dict[str, Any], row: NDArray[np.float64], facts: Sequence[Any] = ()
) -> list[str]:
    """Human reasons, strongest first, from the features that matched."""
    suitable = product.get("suitable_for") or {}
    product_groups = condition_groups(suitable.get("conditions", []))
    reasons: list[str] = []
    for group in sorted(product_groups & pet.owner_groups):
        named = conditions_in_group(pet.owner_conditions, group) or [group]
        if group == "weight" and pet.notes.get("weight"):
            reasons.append(f"it supports {GROUP_LABELS[group]}, since {pet.notes['weight']}")
        else:
            reasons.append(f"it supports {GROUP_LABELS[group]}, which matters with {named[0].lower()}")
    breed_name = _plural(pet.breed) if pet.breed else f"{pet.species}s like yours"
    for group in sorted(product_groups & pet.breed_groups):
        condition = (conditions_in_group(pet.breed_conditions, group) or [GROUP_LABELS[group]])[0].lower()
        source = _cited_fact(condition, facts)
        cited = f" (see \u201c{source.title}\u201d)" if source is not None and getattr(source, "title", None) else ""
        reasons.append(f"{breed_name} are prone to {condition}, and it supports {GROUP_LABELS[group]}{cited}")
    if _feature(row, "breed_match") == 1.0 and pet.breed:
        reasons.append(f"it is formulated specifically for {_plural(pet.breed)}")
    if _feature(row, "size_match") == 1.0 and pet.size:
        reasons.append(f"it is sized for {pet.size} {pet.species}s")
    if _feature(row, "age_match") == 1.0 and pet.age_known:
        reasons.append(f"it is made for the {pet.life_stage} life stage")
    if _feature(row, "energy_match") == 1.0 and pet.energy_level:
        reasons.append(f"it suits a {pet.energy_level.replace('_', ' ')} energy level")
    if _feature(row, "coat_match") == 1.0 and (pet.coat_tags or pet.grooming):
        coat = " ".join(sorted(pet.coat_tags)) or f"{pet.grooming}-maintenance"
        reasons.append(f"it suits a {coat} coat")
    return reasons


def deterministic_explanation(
    pet: PetTraits, product: dict[str, Any], row: NDArray[np.float64], facts: Sequence[Any] = ()
) -> str:
    reasons = matched_reasons(pet, product, row, facts)
    name = product["name"]
    if not reasons:
        return f"{name} is a popular {product['category']} choice for {pet.species}s."
    first = f"Recommended because {reasons[0]}."
    if len(reasons) > 1:
        first += f" Also, {reasons[1]}."
    return first


def _pet_line(pet: PetTraits) -> str:
    parts = [pet.breed or pet.species, pet.species, pet.life_stage if pet.age_known else "age not known"]
    if pet.size:
        parts.append(f"{pet.size} size")
    if pet.energy_level:
        parts.append(f"{pet.energy_level} energy")
    if pet.owner_conditions:
        parts.append("owner-reported conditions: " + ", ".join(pet.owner_conditions))
    if pet.breed_conditions:
        parts.append("breed predispositions: " + ", ".join(pet.breed_conditions))
    return "; ".join(parts)


def build_prompt(
    pet: PetTraits, products: Sequence[dict[str, Any]], rows: NDArray[np.float64], facts: Sequence[Any]
) -> str:
    facts_text = (
        "\n".join(f"- {getattr(f, 'title', '')}: {getattr(f, 'excerpt', '')}" for f in facts) or "- (none found)"
    )
    lines = []
    for i, (product, row) in enumerate(zip(products, rows, strict=True)):
        reasons = "; ".join(matched_reasons(pet, product, row, facts)) or "generally popular"
        lines.append(f"{i}. {product['name']} ({product['category']}): {product['description']} Matched: {reasons}")
    return EXPLANATION_PROMPT.format(pet=_pet_line(pet), facts=facts_text, products="\n".join(lines))


def _parse(raw: Any) -> ExplanationList:
    if isinstance(raw, ExplanationList):
        return raw
    if isinstance(raw, BaseModel):
        return ExplanationList.model_validate(raw.model_dump())
    text = str(raw)
    start, end = text.find("{"), text.rfind("}")
    return ExplanationList.model_validate(json.loads(text[start : end + 1]))


async def llm_explanations(
    llm_factory: Callable[..., Any], prompt: str, count: int, *, timeout: float
) -> list[str] | None:
    """One structured call for the whole list; None when the answer is missing, late or unusable."""
    from llama_index.core.llms import ChatMessage  # LlamaIndex: imported on first use, not with the module

    try:
        llm = llm_factory(timeout=timeout)
        structured = llm.as_structured_llm(ExplanationList)
        response = await asyncio.wait_for(structured.achat([ChatMessage(role="user", content=prompt)]), timeout=timeout)
        parsed = _parse(getattr(response, "raw", None) or response.message.content)
    except Exception as exc:  # noqa: BLE001 - Ollama down, slow or answering nonsense: the caller falls back
        logger.warning("recommendation_llm_failed", error_type=type(exc).__name__)
        return None
    texts: dict[int, str] = {
        item.index: " ".join(item.text.split())[:MAX_EXPLANATION_CHARS]
        for item in parsed.explanations
        if item.text.strip()
    }
    if any(i not in texts for i in range(count)):
        logger.warning("recommendation_llm_incomplete", answered=len(texts), expected=count)
        return None
    return [texts[i] for i in range(count)]
