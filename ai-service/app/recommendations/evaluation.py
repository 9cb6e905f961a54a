"""Offline evaluation: NDCG@10 and precision@5 of the ranking on held-out hand-labelled profiles.

`python -m app.recommendations.evaluation` prints the numbers (JSON) quoted in docs/recommendations.md.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from typing import Any

from app.recommendations.features import EncodedCatalog
from app.recommendations.model import (
    EVALUATION_LABELS,
    SuitabilityModel,
    load_catalog_file,
    product_indices,
    rank_traits,
)
from app.recommendations.traits import traits_from_dict


def ndcg_at_k(ranked_relevance: Sequence[int], total_relevant: int, k: int) -> float:
    dcg = sum(rel / math.log2(i + 2) for i, rel in enumerate(ranked_relevance[:k]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, total_relevant)))
    return dcg / ideal if ideal else 0.0


def evaluate(
    products: Sequence[dict[str, Any]], model: SuitabilityModel, labels: dict[str, Any] | None = None
) -> dict[str, Any]:
    labels = labels if labels is not None else json.loads(EVALUATION_LABELS.read_text())
    encoded = EncodedCatalog.build(products)
    per_profile = []
    for entry in labels["profiles"]:
        relevant_names = set(entry["relevant"])
        relevant = {i for name in relevant_names for i in product_indices(products, name)}
        order, _, _ = rank_traits(model, encoded, traits_from_dict(entry["pet"]))
        # Several brands of one product count once: keep the first brand of each name, as a shopper would see it.
        seen: set[str] = set()
        deduplicated = []
        for index in order:
            label = products[index]["name"].removeprefix(products[index]["brand"] + " ")
            if label not in seen:
                seen.add(label)
                deduplicated.append(int(index))
        gains = [1 if index in relevant else 0 for index in deduplicated]
        per_profile.append(
            {
                "name": entry["name"],
                "ndcg@10": round(ndcg_at_k(gains, len(relevant_names), 10), 3),
                "precision@5": round(sum(gains[:5]) / 5, 3),
            }
        )
    return {
        "profiles": len(per_profile),
        "mean_ndcg@10": round(sum(p["ndcg@10"] for p in per_profile) / len(per_profile), 3),
        "mean_precision@5": round(sum(p["precision@5"] for p in per_profile) / len(per_profile), 3),
        "per_profile": per_profile,
    }


def main() -> None:
    products = load_catalog_file()
    model = SuitabilityModel.fit(products)
    report = evaluate(products, model)
    report["weights"] = model.weights()
    sys.stdout.write(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
