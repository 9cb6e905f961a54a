"""Certainty rules: top-1, margin, look-alike data from the catalog, VLM and classifier agreement."""

from __future__ import annotations

import pytest

from app.breeds import BreedProfile, load_breed_catalog
from app.vision.certainty import alternatives, classifier_is_confident, shared_size, vlm_is_confident
from app.vision.schemas import Alternative, Candidate

BREEDS = load_breed_catalog()


def _profile(name: str) -> BreedProfile:
    profile = BREEDS.get(name)
    assert profile is not None, name
    return profile


def candidates(*pairs: tuple[str, float]) -> list[Candidate]:
    return [
        Candidate(breed=b, species=_profile(b).species, probability=p, imagenet_class=_profile(b).imagenet_classes[0])
        for b, p in pairs
    ]


def test_a_probable_clear_breed_without_look_alikes_is_confident() -> None:
    assert classifier_is_confident(candidates(("Beagle", 0.72), ("English Foxhound", 0.12)), BREEDS)


@pytest.mark.parametrize(
    "pairs",
    [
        (("Beagle", 0.45), ("English Foxhound", 0.05)),  # top-1 too low
        (("Beagle", 0.62), ("English Foxhound", 0.35)),  # margin too small
        (("Leonberger", 0.12), ("Newfoundland", 0.1)),  # the mixed-breed puppy
    ],
)
def test_weak_evidence_is_not_confident(pairs) -> None:
    assert not classifier_is_confident(candidates(*pairs), BREEDS)


@pytest.mark.parametrize("breed", ["Samoyed", "Rottweiler", "Tibetan Terrier", "Australian Kelpie", "Siberian Husky"])
def test_a_breed_others_are_mistaken_for_needs_far_stronger_evidence(breed: str) -> None:
    assert BREEDS.look_alikes(breed)
    assert not classifier_is_confident(candidates((breed, 0.8), ("Beagle", 0.05)), BREEDS)
    assert classifier_is_confident(candidates((breed, 0.95), ("Beagle", 0.02)), BREEDS)


def test_vlm_confident_and_agreeing_with_a_candidate() -> None:
    found = candidates(("Beagle", 0.5), ("English Foxhound", 0.3))
    assert vlm_is_confident(breed="English Foxhound", confidence=0.8, is_mixed=False, candidates=found, breeds=BREEDS)
    assert not vlm_is_confident(
        breed="English Foxhound", confidence=0.6, is_mixed=False, candidates=found, breeds=BREEDS
    )


def test_vlm_naming_a_breed_the_classifier_mistakes_for_its_top_one_counts_as_agreement() -> None:
    found = candidates(("Samoyed", 0.7), ("Pomeranian", 0.1))
    assert vlm_is_confident(breed="Akita", confidence=0.85, is_mixed=False, candidates=found, breeds=BREEDS)
    assert vlm_is_confident(
        breed="American Eskimo Dog", confidence=0.85, is_mixed=False, candidates=found, breeds=BREEDS
    )


def test_vlm_disagreeing_with_the_classifier_is_not_confident() -> None:
    found = candidates(("Beagle", 0.9), ("English Foxhound", 0.05))
    assert not vlm_is_confident(breed="Border Collie", confidence=0.95, is_mixed=False, candidates=found, breeds=BREEDS)


def test_a_mix_is_never_confident() -> None:
    found = candidates(("Beagle", 0.9))
    assert not vlm_is_confident(breed="Beagle", confidence=0.95, is_mixed=True, candidates=found, breeds=BREEDS)


def test_vlm_alone_must_be_very_sure() -> None:
    assert not vlm_is_confident(breed="Beagle", confidence=0.85, is_mixed=False, candidates=None, breeds=BREEDS)
    assert vlm_is_confident(breed="Beagle", confidence=0.95, is_mixed=False, candidates=None, breeds=BREEDS)


def test_alternatives_are_at_most_three_best_first_with_the_vlm_breed() -> None:
    found = candidates(("Beagle", 0.4), ("English Foxhound", 0.3), ("Basset Hound", 0.1), ("Bloodhound", 0.05))
    assert [a.breed for a in alternatives(found)] == ["Beagle", "English Foxhound", "Basset Hound"]
    with_vlm = alternatives(found, vlm_breed="Harrier", vlm_confidence=0.35)
    assert [(a.breed, a.confidence) for a in with_vlm] == [
        ("Beagle", 0.4),
        ("Harrier", 0.35),
        ("English Foxhound", 0.3),
    ]


def test_size_is_shared_only_when_every_alternative_has_it() -> None:
    same = [Alternative(breed="Beagle", confidence=0.4), Alternative(breed="Border Terrier", confidence=0.3)]
    assert shared_size(same, BREEDS) == BREEDS.get("Beagle").size  # type: ignore[union-attr]
    mixed = [*same, Alternative(breed="Great Dane", confidence=0.1)]
    assert shared_size(mixed, BREEDS) is None
    assert shared_size([Alternative(breed="Space Wolf", confidence=0.5)], BREEDS) is None
