from __future__ import annotations

from typing import Any

from app.recommendations.evaluation import evaluate, ndcg_at_k
from app.recommendations.model import SuitabilityModel

# The offline numbers reported in docs/recommendations.md; a regression below these fails the build.
MIN_MEAN_NDCG_AT_10 = 0.75
MIN_MEAN_PRECISION_AT_5 = 0.60


def test_ndcg_is_one_for_a_perfect_ranking_and_lower_otherwise() -> None:
    assert ndcg_at_k([1, 1, 0, 0], total_relevant=2, k=10) == 1.0
    assert ndcg_at_k([0, 0, 1, 1], total_relevant=2, k=10) < 0.7
    assert ndcg_at_k([0, 0, 0], total_relevant=2, k=10) == 0.0


def test_offline_evaluation_meets_its_thresholds(
    catalog_products: list[dict[str, Any]], suitability_model: SuitabilityModel
) -> None:
    report = evaluate(catalog_products, suitability_model)

    assert report["profiles"] >= 10
    assert report["mean_ndcg@10"] >= MIN_MEAN_NDCG_AT_10, report
    assert report["mean_precision@5"] >= MIN_MEAN_PRECISION_AT_5, report
