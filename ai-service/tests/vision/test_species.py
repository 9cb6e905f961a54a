"""The species decision on crafted probability vectors and on real photos."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageOps

from app.vision.classifier import (
    CAT_CLASSES,
    DOG_CLASSES,
    BreedClassifier,
    classification_from_probabilities,
    two_tone_share,
)
from app.vision.species import combine_with_vlm, decide_species, species_evidence
from tests.images import photo_path

ESPRESSO, HORSE_SORREL, TIMBER_WOLF, RED_FOX, LYNX = 967, 339, 269, 277, 287


def vector(spread: dict[range | int, float], *, rest: int = ESPRESSO) -> np.ndarray:
    """1000 probabilities: each key's mass spread evenly over its classes, the remainder on `rest`."""
    probabilities = np.zeros(1000)
    for classes, mass in spread.items():
        ids = list(classes) if isinstance(classes, range) else [classes]
        probabilities[ids] += mass / len(ids)
    probabilities[rest] += 1.0 - probabilities.sum()
    return probabilities


def decide(spread: dict[range | int, float], *, two_tone: float = 0.3) -> str:
    return decide_species(classification_from_probabilities(vector(spread), two_tone=two_tone))


def test_a_dog_the_classifier_cannot_name_is_still_a_dog() -> None:
    # 0.45 spread over 118 breeds: no breed above 0.004, yet clearly a dog (a mix, or a breed outside the vocabulary)
    assert decide({DOG_CLASSES: 0.45}) == "dog"


def test_wolf_and_fox_look_alikes_support_a_dog() -> None:
    assert decide({DOG_CLASSES: 0.15, TIMBER_WOLF: 0.2, RED_FOX: 0.1}) == "dog"


def test_a_wild_canid_alone_is_no_pet() -> None:
    assert decide({TIMBER_WOLF: 0.9, DOG_CLASSES: 0.02}) == "none"


def test_cat_with_lynx_support_is_a_cat() -> None:
    assert decide({CAT_CLASSES: 0.25, LYNX: 0.2}) == "cat"


def test_weak_dog_and_cat_together_are_a_pet_of_the_larger_species() -> None:
    assert decide({DOG_CLASSES: 0.27, CAT_CLASSES: 0.24}) == "dog"


@pytest.mark.parametrize("spread", [{DOG_CLASSES: 0.3}, {HORSE_SORREL: 0.8, DOG_CLASSES: 0.05}, {}])
def test_weak_or_no_pet_evidence_is_no_pet(spread) -> None:
    assert decide(spread) == "none"


def test_a_silhouette_needs_overwhelming_evidence() -> None:
    assert decide({DOG_CLASSES: 0.72}, two_tone=0.97) == "none"
    assert decide({DOG_CLASSES: 0.97}, two_tone=0.97) == "dog"
    assert decide({DOG_CLASSES: 0.72}, two_tone=0.5) == "dog"


def test_grey_zone_is_asked_of_the_vlm_but_clear_non_pets_are_not() -> None:
    grey = species_evidence(classification_from_probabilities(vector({DOG_CLASSES: 0.3})))
    clear = species_evidence(classification_from_probabilities(vector({DOG_CLASSES: 0.02})))
    assert grey.in_grey_zone and not clear.in_grey_zone


@pytest.mark.parametrize(
    ("spread", "vlm", "expected"),
    [
        ({DOG_CLASSES: 0.3}, "dog", "dog"),  # the VLM rescues a grey-zone dog
        ({DOG_CLASSES: 0.3}, "other", "none"),
        ({DOG_CLASSES: 0.9}, "other", "dog"),  # a very sure classifier is not overruled
        ({DOG_CLASSES: 0.9}, "cat", "dog"),
        ({DOG_CLASSES: 0.5}, "cat", "cat"),  # otherwise the VLM, which sees the whole animal, wins
    ],
)
def test_vlm_answer_combined_with_the_classifier(spread, vlm, expected) -> None:
    evidence = species_evidence(classification_from_probabilities(vector(spread)))
    assert combine_with_vlm(evidence, vlm) == expected


def test_without_a_classifier_the_vlm_decides() -> None:
    assert (combine_with_vlm(None, "cat"), combine_with_vlm(None, "other")) == ("cat", "none")


@pytest.fixture(scope="module")
def classifier() -> BreedClassifier:
    return BreedClassifier(num_threads=1)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("chelsea.png", "cat"), ("coffee.png", "none"), ("astronaut.png", "none"), ("horse.png", "none")],
)
def test_real_photos(classifier: BreedClassifier, name: str, expected: str) -> None:
    with Image.open(photo_path(name)) as image:
        assert decide_species(classifier.classify(image)) == expected


def test_the_horse_silhouette_is_two_tone_and_photos_are_not() -> None:
    with Image.open(photo_path("horse.png")) as horse, Image.open(photo_path("chelsea.png")) as chelsea:
        assert two_tone_share(horse) > 0.95 > 0.6 > two_tone_share(chelsea)


def _variants(image: Image.Image) -> dict[str, Image.Image]:
    """Crops (half to full size, at corners and centre), a mirror, grey, darker, brighter, rotated,
    tiny and a heavily compressed copy: the framings and qualities real uploads have."""
    width, height = image.size
    found: dict[str, Image.Image] = {}
    for scale in (1.0, 0.8, 0.6, 0.5):
        for x, y in ((0, 0), (1, 0), (0, 1), (1, 1), (0.5, 0.5)):
            w, h = int(width * scale), int(height * scale)
            left, top = int((width - w) * x), int((height - h) * y)
            found[f"crop-{scale}-{x}-{y}"] = image.crop((left, top, left + w, top + h))
    compressed = io.BytesIO()
    image.save(compressed, "JPEG", quality=25)
    found |= {
        "mirror": ImageOps.mirror(image),
        "grey": ImageOps.grayscale(image).convert("RGB"),
        "dark": ImageEnhance.Brightness(image).enhance(0.5),
        "bright": ImageEnhance.Brightness(image).enhance(1.6),
        "rotated": image.rotate(15, expand=True),
        "tiny": image.resize((120, 80)),
        "jpeg-25": Image.open(io.BytesIO(compressed.getvalue())),
    }
    return found


def test_a_real_cat_photo_is_never_refused_however_it_is_framed(classifier: BreedClassifier) -> None:
    # The top-left half crop keeps only part of the cat: cat 0.40, dog 0.35 (a single 0.5 threshold refused it).
    with Image.open(photo_path("chelsea.png")) as photo:
        variants = _variants(photo.convert("RGB"))
    refused = [name for name, image in variants.items() if decide_species(classifier.classify(image)) != "cat"]
    assert len(variants) == 27 and refused == []
