"""Classifier variants on the photos this repository has: EfficientNet-Lite0 vs Lite2, each with and without
horizontal-flip test-time augmentation (TTA), through the service's species decision (centre crop, then
the whole frame for a photo the first look refuses) and its certainty rules.

The photo set (no network, no data set download): scikit-image's real photographs shipped in its wheel.
- Real pet photos: chelsea.png (a tabby cat; ImageNet's tabby and tiger cat are "Domestic Shorthair" in
  the catalog) in 27 framings and qualities (the variants tests/vision/test_species.py uses) plus 12
  composites of the cat small and off-centre in a grass or gravel scene (like a cat sitting in grass).
- Photos with no dog or cat: every other scikit-image photo (25: people, objects, scenes, textures, a
  horse silhouette, scans).
Per variant it prints: refused real pets (share), accepted non-pets, top-1 breed accuracy, confident
coverage and confident accuracy, mean top-1 probability when right and when wrong (calibration: a
model whose right answers are sure and wrong ones unsure is the better calibrated one here), and
p50/p95 latency of one classification (one core). Writes benchmarks/results/vision_variants.json.

Run: ai-service/.venv/bin/python benchmarks/vision_variants.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ai-service"))

import skimage  # noqa: E402
from PIL import Image, ImageEnhance, ImageOps  # noqa: E402

from app.breeds.catalog import load_breed_catalog  # noqa: E402
from app.vision.certainty import classifier_is_confident  # noqa: E402
from app.vision.classifier import BreedClassifier, Classification  # noqa: E402
from app.vision.schemas import Candidate  # noqa: E402
from app.vision.species import decide_species  # noqa: E402

DATA = Path(skimage.__file__).resolve().parent / "data"
CAT = "chelsea.png"
CAT_BREED = "Domestic Shorthair"
NOT_PHOTOS = {"lbpcascade_frontalface_opencv.xml", "README.txt"}
VARIANTS = [
    ("efficientnet-lite0", False),
    ("efficientnet-lite0", True),
    ("efficientnet-lite2", False),
    ("efficientnet-lite2", True),
]


def framings(image: Image.Image) -> dict[str, Image.Image]:
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
        "jpeg-25": Image.open(io.BytesIO(compressed.getvalue())).convert("RGB"),
    }
    for background in ("grass.png", "gravel.png"):
        with Image.open(DATA / background) as opened:
            scene = opened.convert("RGB").resize((900, 600))
        for share in (0.5, 0.4):
            cat = image.resize((int(900 * share), int(900 * share * height / width)))
            for x, y in ((0.05, 0.1), (0.5, 0.5), (0.95, 0.9)):
                composite = scene.copy()
                composite.paste(cat, (int((900 - cat.width) * x), int((600 - cat.height) * y)))
                found[f"in-{background[:-4]}-{share}-{x}-{y}"] = composite
    return found


def non_pet_photos() -> dict[str, Image.Image]:
    found = {}
    for path in sorted(DATA.iterdir()):
        if path.suffix.lower() not in (".png", ".jpg") or path.name == CAT or path.name in NOT_PHOTOS:
            continue
        with Image.open(path) as opened:
            found[path.name] = opened.convert("RGB")
    return found


def species_of(classifier: BreedClassifier, image: Image.Image) -> tuple[str, Classification]:
    """The service's classifier-only decision: the centre crop, then the whole frame if that refuses."""
    first = classifier.classify(image)
    decision = decide_species(first)
    if decision != "none":
        return decision, first
    whole = classifier.classify(image, whole=True)
    return decide_species(whole), whole


@dataclass
class Tally:
    pets: int = 0
    refused: int = 0
    non_pets: int = 0
    accepted: int = 0
    right: int = 0
    confident: int = 0
    confident_right: int = 0


def run(runs: int) -> dict[str, Any]:
    breeds = load_breed_catalog()
    with Image.open(DATA / CAT) as opened:
        cat = opened.convert("RGB")
    pets, others = framings(cat), non_pet_photos()
    results: dict[str, Any] = {"photos": {"real_pets": len(pets), "non_pets": len(others)}, "variants": {}}
    classifiers = {
        f"{model}{' + flip TTA' if flip else ''}": BreedClassifier(num_threads=1, model=model, flip_tta=flip)
        for model, flip in VARIANTS
    }
    for name, classifier in classifiers.items():
        tally = Tally()
        sure_when_right: list[float] = []
        sure_when_wrong: list[float] = []
        for image in pets.values():
            tally.pets += 1
            decision, classification = species_of(classifier, image)
            if decision != "cat":
                tally.refused += 1
                continue
            candidates = _candidates(classification, breeds)
            top = candidates[0]
            correct = top.breed == CAT_BREED
            tally.right += correct
            (sure_when_right if correct else sure_when_wrong).append(top.probability)
            if classifier_is_confident(candidates, breeds):
                tally.confident += 1
                tally.confident_right += correct
        for image in others.values():
            tally.non_pets += 1
            tally.accepted += species_of(classifier, image)[0] != "none"
        results["variants"][name] = {
            "refused_real_pets": f"{tally.refused}/{tally.pets}",
            "accepted_non_pets": f"{tally.accepted}/{tally.non_pets}",
            "top1": round(tally.right / max(1, tally.pets - tally.refused), 3),
            "confident_coverage": round(tally.confident / tally.pets, 3),
            "confident_accuracy": round(tally.confident_right / tally.confident, 3) if tally.confident else None,
            "mean_top_probability_right": round(statistics.fmean(sure_when_right), 3) if sure_when_right else None,
            "mean_top_probability_wrong": round(statistics.fmean(sure_when_wrong), 3) if sure_when_wrong else None,
        }
    # Latency interleaved (one run of each variant in turn), so a busy machine slows all of them alike;
    # the ratio to Lite0 is the number to read.
    samples: dict[str, list[float]] = {name: [] for name in classifiers}
    for classifier in classifiers.values():
        classifier.classify(cat)
    for _ in range(runs):
        for name, classifier in classifiers.items():
            start = time.perf_counter()
            classifier.classify(cat)
            samples[name].append((time.perf_counter() - start) * 1000)
    baseline = statistics.median(samples["efficientnet-lite0"])
    for name, values in samples.items():
        values.sort()
        results["variants"][name] |= {
            "latency_p50_ms": round(statistics.median(values), 1),
            "latency_p95_ms": round(values[int(0.95 * (len(values) - 1))], 1),
            "latency_vs_lite0": round(statistics.median(values) / baseline, 2),
        }
        print(name, json.dumps(results["variants"][name]), flush=True)  # noqa: T201
    return results


def _candidates(classification: Classification, breeds: Any) -> list[Candidate]:
    merged: dict[str, float] = {}
    for score in classification.cat_classes:
        profile = breeds.by_imagenet_class(score.class_id)
        if profile is not None:
            merged[profile.name] = merged.get(profile.name, 0.0) + score.probability
    ranked = sorted(merged.items(), key=lambda item: item[1], reverse=True)
    return [Candidate(breed=b, species="cat", probability=p, imagenet_class=0) for b, p in ranked]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    results = run(args.runs)
    out = ROOT / "benchmarks/results/vision_variants.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")  # noqa: T201


if __name__ == "__main__":
    main()
