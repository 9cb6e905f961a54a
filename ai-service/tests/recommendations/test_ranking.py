from __future__ import annotations

from typing import Any

from app.breeds.catalog import BreedCatalog
from app.recommendations.catalog import CatalogSnapshot
from app.recommendations.features import EncodedCatalog
from app.recommendations.model import SuitabilityModel
from app.recommendations.service import rank_products
from app.recommendations.traits import resolve_traits


def _top(
    model: SuitabilityModel,
    products: list[dict[str, Any]],
    encoded: EncodedCatalog,
    pet: Any,
    limit: int,
    category: str | None = None,
) -> list[dict[str, Any]]:
    snapshot = CatalogSnapshot(products=products, encoded=encoded, version=(0, None))
    indices, scores, _ = rank_products(model, snapshot, pet, category=category, limit=limit)
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    return [products[i] for i in indices]


def test_a_senior_cat_never_gets_kitten_or_puppy_food_in_its_top_5(
    suitability_model: SuitabilityModel,
    catalog_products: list[dict[str, Any]],
    encoded_catalog: EncodedCatalog,
    breeds: BreedCatalog,
) -> None:
    pet = resolve_traits(
        species="cat", breed="Persian", age_months=150, weight_kg=4.5, health_conditions=[], breeds=breeds
    )

    top = _top(suitability_model, catalog_products, encoded_catalog, pet, 5)

    for product in top:
        ages = product["suitable_for"]["ages"]
        assert not ages or "senior" in ages, product["name"]
        assert "kitten" not in product["name"].lower() and "puppy" not in product["name"].lower()


def test_a_dog_with_hip_dysplasia_gets_joint_support_in_its_top_3(
    suitability_model: SuitabilityModel,
    catalog_products: list[dict[str, Any]],
    encoded_catalog: EncodedCatalog,
    breeds: BreedCatalog,
) -> None:
    pet = resolve_traits(
        species="dog",
        breed="German Shepherd",
        age_months=60,
        weight_kg=35,
        health_conditions=["hip dysplasia"],
        breeds=breeds,
    )

    top = _top(suitability_model, catalog_products, encoded_catalog, pet, 3)

    assert any("hip dysplasia" in p["suitable_for"]["conditions"] for p in top), [p["name"] for p in top]


def test_a_cat_never_gets_dog_products(
    suitability_model: SuitabilityModel,
    catalog_products: list[dict[str, Any]],
    encoded_catalog: EncodedCatalog,
    breeds: BreedCatalog,
) -> None:
    pet = resolve_traits(
        species="cat",
        breed="Maine Coon",
        age_months=30,
        weight_kg=7,
        health_conditions=["hip dysplasia"],
        breeds=breeds,
    )

    top = _top(suitability_model, catalog_products, encoded_catalog, pet, 50)

    assert top
    assert all(p["suitable_for"]["species"] == ["cat"] for p in top)


def test_a_category_filter_keeps_only_that_category(
    suitability_model: SuitabilityModel,
    catalog_products: list[dict[str, Any]],
    encoded_catalog: EncodedCatalog,
    breeds: BreedCatalog,
) -> None:
    pet = resolve_traits(
        species="dog", breed="Beagle", age_months=24, weight_kg=10, health_conditions=[], breeds=breeds
    )

    top = _top(suitability_model, catalog_products, encoded_catalog, pet, 10, category="grooming")

    assert top and all(p["category"] == "grooming" for p in top)


def test_a_large_puppy_gets_large_breed_puppy_food_before_small_breed_food(
    suitability_model: SuitabilityModel,
    catalog_products: list[dict[str, Any]],
    encoded_catalog: EncodedCatalog,
    breeds: BreedCatalog,
) -> None:
    pet = resolve_traits(
        species="dog", breed="Labrador Retriever", age_months=4, weight_kg=12, health_conditions=[], breeds=breeds
    )

    names = [p["name"] for p in _top(suitability_model, catalog_products, encoded_catalog, pet, 50, category="food")]

    large = min(i for i, name in enumerate(names) if "Large" in name and "Puppy" in name)
    small = [i for i, name in enumerate(names) if "Small & Toy Breed Puppy" in name]
    assert not small or large < min(small)


def test_the_fitted_weights_reward_matches_and_penalise_off_target_products(
    suitability_model: SuitabilityModel,
) -> None:
    weights = suitability_model.weights()

    for name in ("size_match", "age_match", "owner_condition_match", "breed_condition_match"):
        assert weights[name] > 0, name
    assert weights["off_target"] < 0
