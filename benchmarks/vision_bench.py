"""Vision without the VLM: the classifier's own latency, and what the pipeline adds around it.

Per photo (scikit-image's chelsea.png, a real cat, 451x300) it measures, median and p95 over N runs:
- classifier: EfficientNet-Lite0 inference on one core (preprocess + forward + softmax);
- upload checks: magic bytes, Pillow verify, pixel limit, EXIF transpose, downscale for the VLM;
- pipeline without the VLM: upload checks + classifier + species decision + breed mapping + certainty, i.e.
  what /vision/analyze costs when Ollama is down (the service's own path, minus HTTP);
- cache hit: reading the cached answer of a photo back from Redis.
Writes benchmarks/results/vision.json.

Run: ai-service/.venv/bin/python benchmarks/vision_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ai-service"))

import redis  # noqa: E402
import skimage  # noqa: E402
from PIL import Image  # noqa: E402

from app.breeds.catalog import load_breed_catalog  # noqa: E402
from app.uploads import decode_image  # noqa: E402
from app.vision.certainty import alternatives, classifier_is_confident  # noqa: E402
from app.vision.classifier import BreedClassifier  # noqa: E402
from app.vision.schemas import Candidate  # noqa: E402
from app.vision.species import decide_species  # noqa: E402

PHOTO = Path(skimage.__file__).resolve().parent / "data" / "chelsea.png"


def timed(action: Callable[[], Any], runs: int) -> dict[str, float]:
    action()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"p50_ms": round(statistics.median(samples), 2), "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    content = PHOTO.read_bytes()
    classifier = BreedClassifier(num_threads=1)
    breeds = load_breed_catalog()
    with Image.open(PHOTO) as image:
        rgb = image.convert("RGB")

    def pipeline() -> None:
        upload = decode_image(content)
        result = classifier.classify(upload.image)
        species = decide_species(result)
        scores = result.cat_classes if species == "cat" else result.dog_classes
        found = [
            Candidate(breed=profile.name, species=profile.species, probability=score.probability, imagenet_class=score.class_id)
            for score in scores[:5]
            if (profile := breeds.by_imagenet_class(score.class_id)) is not None
        ]
        classifier_is_confident(found, breeds)
        alternatives(found)

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    key = f"bench:vision:{uuid.uuid4().hex}"
    client.set(key, json.dumps({"breed": "Egyptian Mau", "species": "cat", "candidates": [{}] * 5}), ex=60)

    results = {
        "photo": {"name": PHOTO.name, "bytes": len(content), "size": list(rgb.size)},
        "runs": args.runs,
        "classifier": timed(lambda: classifier.classify(rgb), args.runs),
        "upload_checks": timed(lambda: decode_image(content), args.runs),
        "pipeline_without_vlm": timed(pipeline, args.runs),
        "cache_hit_redis_get": timed(lambda: client.get(key), args.runs),
    }
    client.delete(key)
    out = ROOT / "benchmarks" / "results" / "vision.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"{'stage':<24}{'p50 ms':>10}{'p95 ms':>10}")  # noqa: T201
    for stage in ("classifier", "upload_checks", "pipeline_without_vlm", "cache_hit_redis_get"):
        print(f"{stage:<24}{results[stage]['p50_ms']:>10}{results[stage]['p95_ms']:>10}")  # noqa: T201


if __name__ == "__main__":
    main()
