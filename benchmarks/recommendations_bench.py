"""Scoring latency of the recommender for 1k, 10k and 100k products.

Synthetic catalogs are the real catalog (ai-service/app/data/products.json) repeated with varied
popularity, sizes and life stages, so the feature mix stays realistic. Per catalog size it measures
the one-off encoding (done when the catalog loads) and the per-request ranking (features + model +
filters + top 10), median and p95 over several pets. Writes benchmarks/results/recommendations.json.

Run: ai-service/.venv/bin/python benchmarks/recommendations_bench.py
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ai-service"))

from app.breeds.catalog import load_breed_catalog  # noqa: E402
from app.recommendations.catalog import CatalogSnapshot  # noqa: E402
from app.recommendations.features import EncodedCatalog  # noqa: E402
from app.recommendations.model import SuitabilityModel, load_catalog_file  # noqa: E402
from app.recommendations.service import rank_products  # noqa: E402
from app.recommendations.traits import SIZES, resolve_traits  # noqa: E402

SIZES_TO_TEST = (1_000, 10_000, 100_000)
RUNS_PER_PET = 5
PETS = (
    ("dog", "Golden Retriever", 40, 32.0, ["hip dysplasia"]),
    ("dog", "Chihuahua", 130, 2.5, ["dental disease"]),
    ("cat", "Persian", 60, 4.5, []),
    ("cat", "Siamese", 5, 2.0, []),
)


def synthetic_catalog(base: list[dict[str, Any]], size: int, rng: random.Random) -> list[dict[str, Any]]:
    products = []
    for i in range(size):
        product = copy.deepcopy(base[i % len(base)])
        product["id"] = f"synthetic-{i}"
        product["name"] = f"{product['name']} #{i // len(base)}"
        product["popularity"] = rng.randint(0, 100)
        suitable = product["suitable_for"]
        if suitable["sizes"] and rng.random() < 0.3:
            suitable["sizes"] = rng.sample(list(SIZES), k=rng.randint(1, 3))
        products.append(product)
    return products


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    rng = random.Random(7)
    base = load_catalog_file()
    model = SuitabilityModel.fit(base)
    breeds = load_breed_catalog()
    pets = [resolve_traits(species=s, breed=b, age_months=a, weight_kg=w, health_conditions=c, breeds=breeds) for s, b, a, w, c in PETS]
    results = []
    for size in SIZES_TO_TEST:
        products = synthetic_catalog(base, size, rng)
        started = time.perf_counter()
        encoded = EncodedCatalog.build(products)
        encode_ms = (time.perf_counter() - started) * 1000
        snapshot = CatalogSnapshot(products=products, encoded=encoded, version=(size, None))
        timings = []
        for pet in pets:
            rank_products(model, snapshot, pet, category=None, limit=10)  # warm-up
            for _ in range(RUNS_PER_PET):
                started = time.perf_counter()
                rank_products(model, snapshot, pet, category=None, limit=10)
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results.append(
            {
                "products": size,
                "encode_catalog_ms": round(encode_ms, 1),
                "score_request_median_ms": round(statistics.median(timings), 2),
                "score_request_p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
                "requests_measured": len(timings),
            }
        )
        sys.stdout.write(json.dumps(results[-1]) + "\n")
    out = ROOT / "benchmarks" / "results" / "recommendations.json"
    report = {"benchmark": "recommendation scoring latency (one process, 2-core machine)", "results": results}
    out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
