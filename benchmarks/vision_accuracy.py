"""Breed accuracy on a folder of labelled photos, through the same code path as the API.

Photos are named `<Breed_Name>_<n>.jpg` (underscores for spaces; .jpeg, .png and .webp too), e.g.
`Australian_Cattle_Dog_3.jpg`; `No_Pet_<n>.jpg` marks a photo that must be refused. Each photo goes
through `decode_image` and the app's `VisionService` built from the settings (the environment, as the
service reads it): the CPU classifier, and the vision LLM when OLLAMA_BASE_URL answers. Redis keys use
a fresh prefix, so no answer comes from the cache, and are removed afterwards.

Prints per breed and overall: photos, top-1, top-3 (the breed among the alternatives), the share refused
as no pet, confident coverage (confident answers / photos), confident accuracy (right / confident), and
p50/p95 latency of one analysis. `--json FILE` also writes the numbers.

Run: ai-service/.venv/bin/python benchmarks/vision_accuracy.py DIR [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ai-service"))

import httpx  # noqa: E402

from smartbreeds_common.errors import ApplicationError  # noqa: E402

from app.breeds import load_breed_catalog  # noqa: E402
from app.breeds.catalog import normalise_name  # noqa: E402
from app.clients.ollama import OllamaProbe, build_llm  # noqa: E402
from app.clients.redis import build_redis  # noqa: E402
from app.core.config import Settings  # noqa: E402
from app.core.tool_settings import OfflineToolSettings  # noqa: E402
from app.uploads import decode_image  # noqa: E402
from app.vision.classifier import BreedClassifier  # noqa: E402
from app.vision.service import VisionService  # noqa: E402

PHOTO = re.compile(r"^(?P<label>.+)_(?P<n>\d+)\.(?:jpe?g|png|webp)$", re.IGNORECASE)
NO_PET = "No Pet"


@dataclass
class Tally:
    photos: int = 0
    top1: int = 0
    top3: int = 0
    refused: int = 0
    confident: int = 0
    confident_right: int = 0
    latencies_ms: list[float] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("photos", "top1", "top3", "refused", "confident", "confident_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.latencies_ms.extend(other.latencies_ms)

    def row(self) -> dict[str, Any]:
        ordered = sorted(self.latencies_ms)

        def share(part: int, whole: int) -> float | None:
            return round(part / whole, 3) if whole else None

        return {
            "photos": self.photos,
            "top1": share(self.top1, self.photos),
            "top3": share(self.top3, self.photos),
            "refused": share(self.refused, self.photos),
            "confident_coverage": share(self.confident, self.photos),
            "confident_accuracy": share(self.confident_right, self.confident),
            "p50_ms": round(statistics.median(ordered), 1) if ordered else None,
            "p95_ms": round(ordered[math.ceil(0.95 * len(ordered)) - 1], 1) if ordered else None,  # nearest rank
        }


def label_of(path: Path) -> str | None:
    match = PHOTO.match(path.name)
    return match.group("label").replace("_", " ").strip() if match else None


def settings_from_environment() -> Settings:
    # The benchmark signs nothing: without GATEWAY_SIGNING_SECRET in the environment it gets an ephemeral one.
    return OfflineToolSettings(redis_key_prefix=f"bench-accuracy-{uuid.uuid4().hex[:8]}:")


async def run(directory: Path, photos: list[Path]) -> dict[str, Any]:
    settings = settings_from_environment()
    breeds = load_breed_catalog()
    unknown = sorted({label for p in photos if (label := label_of(p)) and label != NO_PET and breeds.get(label) is None})
    if unknown:
        raise SystemExit(f"labels not in the breed catalog: {', '.join(unknown)}")
    redis = build_redis(settings)
    async with httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=5.0)) as http:
        probe = OllamaProbe(
            http, base_url=settings.ollama_base_url, timeout=settings.ollama_probe_timeout_seconds, ttl=settings.ollama_probe_ttl_seconds
        )
        vision = VisionService(
            settings=settings,
            classifier=BreedClassifier(num_threads=settings.torch_num_threads),
            breeds=breeds,
            redis=redis,
            probe=probe,
            llm_factory=lambda timeout=None: build_llm(settings, timeout=timeout),
        )
        vlm = await probe.is_available()
        per_label: dict[str, Tally] = {}
        for path in photos:
            label = label_of(path) or ""
            expected = NO_PET if label == NO_PET else breeds.get(label).name  # type: ignore[union-attr]
            tally = per_label.setdefault(expected, Tally())
            tally.photos += 1
            content = path.read_bytes()
            started = time.perf_counter()
            try:
                result = await vision.analyze(decode_image(content))
            except ApplicationError as exc:
                tally.latencies_ms.append((time.perf_counter() - started) * 1000)
                if exc.code == "NO_PET_DETECTED":
                    tally.refused += 1
                    tally.top1 += expected == NO_PET
                    tally.top3 += expected == NO_PET
                continue
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            right = normalise_name(result.breed) == normalise_name(expected)
            tally.top1 += right
            tally.top3 += any(normalise_name(a.breed) == normalise_name(expected) for a in result.alternatives)
            if result.is_confident:
                tally.confident += 1
                tally.confident_right += right
    async for key in redis.scan_iter(match=f"{settings.redis_key_prefix}*"):
        await redis.delete(key)
    await redis.aclose()
    overall = Tally()
    for tally in per_label.values():
        overall.add(tally)
    return {
        "directory": str(directory),
        "vision_llm": vlm,
        "breeds": {label: tally.row() for label, tally in sorted(per_label.items())},
        "overall": overall.row(),
    }


def show(value: Any) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args()
    photos = sorted(p for p in args.directory.iterdir() if label_of(p) is not None)
    results = asyncio.run(run(args.directory, photos))
    columns = {
        "photos": "photos",
        "top1": "top-1",
        "top3": "top-3",
        "refused": "refused",
        "confident_coverage": "confident",
        "confident_accuracy": "conf. right",
        "p50_ms": "p50 ms",
        "p95_ms": "p95 ms",
    }
    print(f"vision LLM answering: {results['vision_llm']}")  # noqa: T201
    print(f"{'breed':<30}" + "".join(f"{title:>12}" for title in columns.values()))  # noqa: T201
    for label, row in [*results["breeds"].items(), ("OVERALL", results["overall"])]:
        print(f"{label:<30}" + "".join(f"{show(row[c]):>12}" for c in columns))  # noqa: T201
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
