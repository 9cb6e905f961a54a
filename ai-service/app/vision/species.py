"""Species decision from the classifier's summed class probabilities.

Thresholds measured on real photographs (EfficientNet-Lite0, TF-style input, see docs in the
benchmark and tests): scikit-image's chelsea.png (a cat) scores cat=0.92; 25 non-pet photos and
scans from scikit-image and scikit-learn score at most dog=0.28 (grass.png) and cat=0.006,
most below 0.05. A species is accepted at >= 0.5, well between the two groups. Known false
positive: horse.png, a black horse silhouette, scores dog=0.72 (four-legged outline).
"""

from __future__ import annotations

from typing import Literal

from app.vision.classifier import Classification

PET_THRESHOLD = 0.5

SpeciesDecision = Literal["dog", "cat", "none"]


def decide_species(classification: Classification, *, threshold: float = PET_THRESHOLD) -> SpeciesDecision:
    dog, cat = classification.dog_probability, classification.cat_probability
    if max(dog, cat) < threshold:
        return "none"
    return "dog" if dog >= cat else "cat"
