"""Product explanations name the knowledge-base guide they cite and carry its document id, so the owner can open it."""

from __future__ import annotations

import numpy as np

from app.rag.schemas import Source
from app.recommendations.explanations import cited_guide, deterministic_explanation
from app.recommendations.features import FEATURE_NAMES
from app.recommendations.traits import PetTraits

JOINT_CHEWS = {"name": "Joint Chews", "category": "health", "suitable_for": {"conditions": ["hip dysplasia"]}}


def _labrador() -> PetTraits:
    """A Labrador whose breed is prone to hip dysplasia (a joint condition)."""
    return PetTraits(
        species="dog",
        breed="Labrador Retriever",
        breed_known=True,
        size="large",
        energy_level="high",
        coat_tags=frozenset(),
        grooming=None,
        life_stage="adult",
        owner_conditions=(),
        breed_conditions=("hip dysplasia",),
        owner_groups=frozenset(),
        breed_groups=frozenset({"joint"}),
    )


def test_a_cited_guide_is_named_in_the_text_and_given_by_its_document_id() -> None:
    pet, product = _labrador(), JOINT_CHEWS
    guide = Source(
        document_id="0b7e7f0e-0000-4000-8000-000000000001",
        title="Labrador Retriever breed profile",
        source="labrador-retriever.md",
        document_type="breed_guide",
        chunk_index=3,
        score=0.6,
        excerpt="Hip dysplasia and elbow dysplasia are common in Labradors.",
    )

    text = deterministic_explanation(pet, product, np.zeros(len(FEATURE_NAMES)), [guide])

    assert "Labrador Retrievers are prone to hip dysplasia" in text
    assert "(see \u201cLabrador Retriever breed profile\u201d)" in text
    cited = cited_guide(pet, product, [guide])
    assert cited is not None
    assert (cited.document_id, cited.title) == (
        "0b7e7f0e-0000-4000-8000-000000000001",
        "Labrador Retriever breed profile",
    )


def test_no_guide_is_cited_when_no_retrieved_fact_speaks_of_the_condition() -> None:
    pet, product = _labrador(), JOINT_CHEWS
    unrelated = Source(
        document_id="0b7e7f0e-0000-4000-8000-000000000002",
        title="Dental care",
        source="dental-care.md",
        document_type="care",
        chunk_index=0,
        score=0.5,
        excerpt="Brush your dog's teeth daily.",
    )

    assert cited_guide(pet, product, [unrelated]) is None
    assert "(see" not in deterministic_explanation(pet, product, np.zeros(len(FEATURE_NAMES)), [unrelated])
