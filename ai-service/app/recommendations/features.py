"""Products and pets as numbers: a scikit-learn ColumnTransformer encodes the catalog once, and each
(pet, product) pair becomes a short vector of match features in [0, 1] that the model weighs.

Match features (one column each, in FEATURE_NAMES order):
- size_match, age_match, breed_match, energy_match, coat_match: 1 when the product names the pet's
  value, 0 when it names others, 0.5 when the product is not restricted (or the pet's value is unknown).
- owner_condition_match: the product helps a condition the owner reported (or overweight by weight).
- breed_condition_match: the product helps a condition the breed is prone to.
- off_target: the product targets conditions and none of them is the pet's (a renal diet for a healthy dog).
- popularity: min-max scaled over the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import MinMaxScaler, MultiLabelBinarizer, OneHotEncoder

from app.recommendations.conditions import ALL_GROUPS, condition_groups
from app.recommendations.schemas import CATEGORIES
from app.recommendations.traits import COAT_TAGS, ENERGY_LEVELS, GROOMING_LEVELS, LIFE_STAGES, SIZES, PetTraits

FEATURE_NAMES: tuple[str, ...] = (
    "size_match",
    "age_match",
    "breed_match",
    "energy_match",
    "coat_match",
    "owner_condition_match",
    "breed_condition_match",
    "off_target",
    "popularity",
)
SPECIES_VALUES = ("dog", "cat")


class MultiHotEncoder(BaseEstimator, TransformerMixin):  # type: ignore[misc]  # scikit-learn ships no types
    """MultiLabelBinarizer over a column of lists, with a fixed vocabulary (usable in a ColumnTransformer)."""

    def __init__(self, classes: Sequence[str]) -> None:
        self.classes = classes

    def fit(self, X: Any, y: Any = None) -> MultiHotEncoder:
        self.binarizer_ = MultiLabelBinarizer(classes=list(self.classes)).fit([])
        return self

    def transform(self, X: Any) -> NDArray[np.float64]:
        column = X.iloc[:, 0] if isinstance(X, pd.DataFrame) else X
        known = set(self.classes)
        rows = [[value for value in values if value in known] for values in column]
        encoded: NDArray[np.float64] = self.binarizer_.transform(rows).astype(np.float64)
        return encoded

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.str_]:
        return np.asarray(list(self.classes), dtype=object)


def product_frame(products: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """One row per product with list-valued columns, as the encoder expects."""
    rows = []
    for product in products:
        suitable = product.get("suitable_for") or {}
        features = product.get("features") or {}
        rows.append(
            {
                "species": list(suitable.get("species", [])),
                "sizes": list(suitable.get("sizes", [])),
                "ages": list(suitable.get("ages", [])),
                "condition_groups": sorted(condition_groups(suitable.get("conditions", []))),
                "energy": list(features.get("energy", [])),
                "coat": list(features.get("coat", [])),
                "grooming": list(features.get("grooming", [])),
                "category": product["category"],
                "popularity": float(product.get("popularity") or 0),
            }
        )
    return pd.DataFrame(rows)


def build_product_encoder() -> ColumnTransformer:
    return ColumnTransformer(
        [
            ("species", MultiHotEncoder(SPECIES_VALUES), ["species"]),
            ("sizes", MultiHotEncoder(SIZES), ["sizes"]),
            ("ages", MultiHotEncoder(LIFE_STAGES), ["ages"]),
            ("conditions", MultiHotEncoder(ALL_GROUPS), ["condition_groups"]),
            ("energy", MultiHotEncoder(ENERGY_LEVELS), ["energy"]),
            ("coat", MultiHotEncoder(COAT_TAGS), ["coat"]),
            ("grooming", MultiHotEncoder(GROOMING_LEVELS), ["grooming"]),
            ("category", OneHotEncoder(categories=[list(CATEGORIES)], handle_unknown="ignore"), ["category"]),
            ("popularity", MinMaxScaler(), ["popularity"]),
        ],
        sparse_threshold=0.0,
    )


def _one_hot(vocabulary: Sequence[str], values: Sequence[str | None]) -> NDArray[np.float64]:
    return np.asarray([1.0 if value in values else 0.0 for value in vocabulary])


def _match(block: NDArray[np.float64], wanted: NDArray[np.float64], known: bool) -> NDArray[np.float64]:
    """1 when the product lists a wanted value, 0 when it lists only others, 0.5 when unrestricted or unknown."""
    restricted = block.sum(axis=1) > 0
    if not known:
        return np.full(block.shape[0], 0.5)
    hit = (block @ wanted) > 0
    return np.where(restricted, hit.astype(np.float64), 0.5)


@dataclass
class EncodedCatalog:
    """The catalog encoded once; `pair_features` is vectorised over all products."""

    blocks: dict[str, NDArray[np.float64]]
    breeds: list[frozenset[str]]
    has_breeds: NDArray[np.bool_]

    @classmethod
    def build(cls, products: Sequence[dict[str, Any]]) -> EncodedCatalog:
        if not products:
            widths = {
                "species": 2,
                "sizes": len(SIZES),
                "ages": len(LIFE_STAGES),
                "conditions": len(ALL_GROUPS),
                "energy": len(ENERGY_LEVELS),
                "coat": len(COAT_TAGS),
                "grooming": len(GROOMING_LEVELS),
                "category": len(CATEGORIES),
                "popularity": 1,
            }
            return cls(
                blocks={name: np.zeros((0, width)) for name, width in widths.items()},
                breeds=[],
                has_breeds=np.zeros(0, dtype=bool),
            )
        encoder = build_product_encoder()
        matrix = np.asarray(encoder.fit_transform(product_frame(products)), dtype=np.float64)
        blocks = {name: matrix[:, span] for name, span in encoder.output_indices_.items() if name != "remainder"}
        breeds = [frozenset(b.lower() for b in (p.get("suitable_for") or {}).get("breeds", [])) for p in products]
        return cls(blocks=blocks, breeds=breeds, has_breeds=np.asarray([bool(b) for b in breeds]))

    def __len__(self) -> int:
        return len(self.breeds)

    def species_mask(self, species: str) -> NDArray[np.bool_]:
        if species not in SPECIES_VALUES:
            return np.zeros(len(self), dtype=bool)
        return self.blocks["species"][:, SPECIES_VALUES.index(species)] > 0

    def category_mask(self, category: str) -> NDArray[np.bool_]:
        return self.blocks["category"][:, CATEGORIES.index(category)] > 0

    def age_excluded(self, stage: str) -> NDArray[np.bool_]:
        """Products restricted to other life stages (puppy food for a senior, senior food for a kitten)."""
        ages = self.blocks["ages"]
        excluded: NDArray[np.bool_] = (ages.sum(axis=1) > 0) & (ages[:, LIFE_STAGES.index(stage)] == 0)
        return excluded

    def not_known_to_fit(self, pet: PetTraits) -> NDArray[np.bool_]:
        """Products the app cannot say fit this pet: made for another named breed; made for other sizes
        (or for some sizes only, when the size is not known); made for some life stages only when the
        age is not known. The owner is asked for the size or age instead of being shown a mix."""
        breed = (pet.breed or "").lower()
        other_breed = self.has_breeds & ~np.asarray(
            [bool(breed) and breed in names for names in self.breeds], dtype=bool
        )
        sizes = self.blocks["sizes"]
        size_specific = (sizes.sum(axis=1) > 0) & (sizes.sum(axis=1) < len(SIZES))
        fits = sizes[:, SIZES.index(pet.size)] > 0 if pet.size in SIZES else np.zeros(len(self), dtype=bool)
        wrong_size = size_specific & ~fits
        if pet.age_known:
            return np.asarray(other_breed | wrong_size, dtype=bool)
        ages = self.blocks["ages"]
        stages = [LIFE_STAGES.index(s) for s in ("adult", "senior", "kitten" if pet.species == "cat" else "puppy")]
        stage_specific = (ages.sum(axis=1) > 0) & (ages[:, stages].min(axis=1) == 0)
        return np.asarray(other_breed | wrong_size | stage_specific, dtype=bool)

    def pair_features(self, pet: PetTraits) -> NDArray[np.float64]:
        """An (n_products, len(FEATURE_NAMES)) matrix of match features for this pet."""
        blocks = self.blocks
        n = len(self)
        breed = (pet.breed or "").lower()
        breed_hit = np.asarray([breed in names for names in self.breeds]) if breed else np.zeros(n, dtype=bool)
        breed_match = np.where(self.has_breeds, breed_hit.astype(np.float64), 0.5)
        conditions = blocks["conditions"]
        owner_hits = conditions @ _one_hot(ALL_GROUPS, list(pet.owner_groups))
        breed_hits = conditions @ _one_hot(ALL_GROUPS, list(pet.breed_groups))
        targeted = conditions.sum(axis=1) > 0
        coat = _match(blocks["coat"], _one_hot(COAT_TAGS, list(pet.coat_tags)), bool(pet.coat_tags))
        grooming = _match(blocks["grooming"], _one_hot(GROOMING_LEVELS, [pet.grooming]), pet.grooming is not None)
        columns = [
            _match(blocks["sizes"], _one_hot(SIZES, [pet.size]), pet.size is not None),
            _match(blocks["ages"], _one_hot(LIFE_STAGES, [pet.life_stage]), True),
            breed_match,
            _match(blocks["energy"], _one_hot(ENERGY_LEVELS, [pet.energy_level]), pet.energy_level is not None),
            np.maximum(coat, grooming) if pet.coat_tags else grooming,
            (owner_hits > 0).astype(np.float64),
            (breed_hits > 0).astype(np.float64),
            (targeted & (owner_hits == 0) & (breed_hits == 0)).astype(np.float64),
            blocks["popularity"][:, 0],
        ]
        return np.column_stack(columns)
