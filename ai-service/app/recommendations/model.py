"""The suitability model: logistic regression over the match features, fitted on hand-labelled pairs.

Fitting takes milliseconds (about a hundred labelled pairs), so the service fits at start-up from the
committed labels (labels/training.json) against the catalog file: no binary model artefact to version.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from app.recommendations.features import FEATURE_NAMES, EncodedCatalog
from app.recommendations.traits import PetTraits, traits_from_dict

LABELS_DIR = Path(__file__).resolve().parent / "labels"
TRAINING_LABELS = LABELS_DIR / "training.json"
EVALUATION_LABELS = LABELS_DIR / "evaluation.json"
CATALOG_FILE = Path(__file__).resolve().parent.parent / "data" / "products.json"


def load_catalog_file(path: Path = CATALOG_FILE) -> list[dict[str, Any]]:
    products: list[dict[str, Any]] = json.loads(path.read_text())["products"]
    return products


def product_indices(products: Sequence[dict[str, Any]], label: str) -> list[int]:
    """Indices of the products a label names: the catalog name without its brand (all brands)."""
    found = [i for i, product in enumerate(products) if product["name"] == f"{product['brand']} {label}"]
    if not found:
        raise ValueError(f"label names no product: {label!r}")
    return found


def training_pairs(
    products: Sequence[dict[str, Any]], encoded: EncodedCatalog, labels: dict[str, Any]
) -> tuple[NDArray[np.float64], NDArray[np.int_]]:
    rows: list[NDArray[np.float64]] = []
    targets: list[int] = []
    for entry in labels["profiles"]:
        features = encoded.pair_features(traits_from_dict(entry["pet"]))
        for key, target in (("suitable", 1), ("unsuitable", 0)):
            for label in entry[key]:
                for index in product_indices(products, label):
                    rows.append(features[index])
                    targets.append(target)
    return np.vstack(rows), np.asarray(targets)


@dataclass
class SuitabilityModel:
    pipeline: Pipeline

    @classmethod
    def fit(cls, products: Sequence[dict[str, Any]], labels: dict[str, Any] | None = None) -> SuitabilityModel:
        labels = labels if labels is not None else json.loads(TRAINING_LABELS.read_text())
        x, y = training_pairs(products, EncodedCatalog.build(products), labels)
        # Balanced classes: the labels hold roughly as many unsuitable as suitable pairs, but brands multiply some.
        pipeline = Pipeline([("classifier", LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000))])
        pipeline.fit(x, y)
        return cls(pipeline=pipeline)

    def score(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """Suitability in [0, 1] for each row of match features."""
        if features.shape[0] == 0:
            return np.zeros(0)
        return np.asarray(self.pipeline.predict_proba(features)[:, 1], dtype=np.float64)

    def weights(self) -> dict[str, float]:
        classifier: LogisticRegression = self.pipeline.named_steps["classifier"]
        weights = {name: round(float(w), 3) for name, w in zip(FEATURE_NAMES, classifier.coef_[0], strict=True)}
        weights["intercept"] = round(float(classifier.intercept_[0]), 3)
        return weights


def rank_traits(
    model: SuitabilityModel, encoded: EncodedCatalog, pet: PetTraits, *, eligible: NDArray[np.bool_] | None = None
) -> tuple[NDArray[np.int_], NDArray[np.float64], NDArray[np.float64]]:
    """Eligible products (species and life stage filters, plus `eligible`) best first: (indices, scores, features)."""
    mask = encoded.species_mask(pet.species) & ~encoded.age_excluded(pet.life_stage) & ~encoded.not_known_to_fit(pet)
    if eligible is not None:
        mask &= eligible
    candidates = np.flatnonzero(mask)
    features = encoded.pair_features(pet)[candidates]
    scores = model.score(features)
    order = np.argsort(-scores, kind="stable")
    return candidates[order], scores[order], features[order]
