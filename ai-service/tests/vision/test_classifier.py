"""The real EfficientNet-Lite0 on real photographs."""

from __future__ import annotations

import pytest
from PIL import Image

from app.vision.classifier import BreedClassifier
from app.vision.species import decide_species
from tests.images import photo_path


@pytest.fixture(scope="module")
def classifier() -> BreedClassifier:
    return BreedClassifier(num_threads=1)


def test_chelsea_is_a_cat_with_tabby_type_classes_on_top(classifier: BreedClassifier) -> None:
    with Image.open(photo_path("chelsea.png")) as image:
        result = classifier.classify(image)

    assert decide_species(result) == "cat"
    assert result.cat_probability > 0.8
    assert {score.class_id for score in result.cat_classes[:3]} == {281, 282, 285}


@pytest.mark.parametrize("name", ["coffee.png", "astronaut.png", "rocket.jpg"])
def test_photos_without_a_pet_are_no_species(classifier: BreedClassifier, name: str) -> None:
    with Image.open(photo_path(name)) as image:
        result = classifier.classify(image)

    assert decide_species(result) == "none"
    assert max(result.dog_probability, result.cat_probability) < 0.1
