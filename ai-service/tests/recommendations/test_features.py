from __future__ import annotations

from typing import Any

import numpy as np

from app.breeds.catalog import BreedCatalog
from app.recommendations.conditions import condition_groups
from app.recommendations.features import FEATURE_NAMES, EncodedCatalog
from app.recommendations.traits import coat_tags, life_stage, resolve_traits


def _column(name: str) -> int:
    return FEATURE_NAMES.index(name)


def _index(products: list[dict[str, Any]], name: str) -> int:
    return next(i for i, p in enumerate(products) if p["name"] == name)


def test_life_stage_depends_on_species_and_size() -> None:
    assert life_stage("dog", 6, "medium") == "puppy"
    assert life_stage("dog", 15, "giant") == "puppy"  # giants grow for longer
    assert life_stage("dog", 15, "small") == "adult"
    assert life_stage("dog", 75, "large") == "senior"
    assert life_stage("dog", 75, "small") == "adult"
    assert life_stage("cat", 6, None) == "kitten"
    assert life_stage("cat", 140, None) == "senior"
    assert life_stage("cat", None, None) == "adult"


def test_free_text_conditions_fall_into_groups() -> None:
    assert condition_groups(["Hip and elbow dysplasia"]) == {"joint"}
    assert condition_groups(["periodontal disease", "Chronic kidney disease"]) == {"dental", "kidney"}
    assert condition_groups(["something unheard of"]) == set()


def test_coat_descriptions_become_tags() -> None:
    assert coat_tags("long, silky") == {"long", "silky"}
    assert coat_tags("dense, water-repellent") == {"double"}
    assert coat_tags("short and smooth") == {"short"}


def test_traits_come_from_the_breed_catalog(breeds: BreedCatalog) -> None:
    traits = resolve_traits(
        species="dog", breed="golden retriever", age_months=40, weight_kg=45, health_conditions=[], breeds=breeds
    )

    assert traits.breed == "Golden Retriever"
    assert traits.size == "large"
    assert "joint" in traits.breed_groups
    assert traits.overweight and "weight" in traits.owner_groups  # 45 kg is well above the breed range


def test_a_breed_of_the_other_species_is_not_borrowed(breeds: BreedCatalog) -> None:
    traits = resolve_traits(
        species="dog", breed="Persian", age_months=40, weight_kg=None, health_conditions=[], breeds=breeds
    )

    assert not traits.breed_known
    assert traits.size is None


def test_pair_features_mark_matches_and_mismatches(
    catalog_products: list[dict[str, Any]], encoded_catalog: EncodedCatalog, breeds: BreedCatalog
) -> None:
    pet = resolve_traits(
        species="dog",
        breed="Golden Retriever",
        age_months=40,
        weight_kg=30,
        health_conditions=["hip dysplasia"],
        breeds=breeds,
    )
    features = encoded_catalog.pair_features(pet)
    joint = _index(catalog_products, "VitalPet Labs Glucosamine & Chondroitin Joint Chews (Large Breed)")
    toy_joint = _index(catalog_products, "VitalPet Labs Glucosamine & Chondroitin Joint Chews (Toy Breed)")
    renal = _index(catalog_products, "Hearthside Pet Kidney Care Renal Diet")

    assert features.shape == (len(catalog_products), len(FEATURE_NAMES))
    assert features[joint, _column("size_match")] == 1.0
    assert features[toy_joint, _column("size_match")] == 0.0
    assert features[joint, _column("owner_condition_match")] == 1.0
    assert features[renal, _column("off_target")] == 1.0
    assert np.all((features >= 0) & (features <= 1))


def test_hard_filters_exclude_other_life_stages(
    catalog_products: list[dict[str, Any]], encoded_catalog: EncodedCatalog
) -> None:
    excluded = encoded_catalog.age_excluded("senior")
    puppy_food = _index(catalog_products, "Northfield Pet Nutrition Large & Giant Breed Puppy Formula")
    senior_food = _index(catalog_products, "Northfield Pet Nutrition Large & Giant Breed Senior 7+")

    assert excluded[puppy_food]
    assert not excluded[senior_food]
