"""Image sizes and build times of the Compose stack (issue 24): `python -m benchmarks.image_report`.

Builds each of our images with scripts/compose.sh (Docker, or podman with the local stand-in bases),
twice: cold (--no-cache) and warm (cache intact: what a code-only change costs is less still), and
prints each image's size. `--no-build` only prints the sizes of the images already built.
Results: benchmarks/results/image_report.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVICES = ("api-gateway", "auth-service", "user-service", "ai-service", "nginx")
COMPOSE = [str(REPO / "scripts/compose.sh")]


def engine() -> str:
    return subprocess.run(["/bin/bash", "-c", "source scripts/lib.sh && container_engine"], cwd=REPO,
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip


def size_mb(name: str) -> float:
    out = subprocess.run([engine(), "image", "inspect", name, "--format", "{{.Size}}"], capture_output=True,  # noqa: S603
                         text=True, check=True).stdout  # fmt: skip
    return round(int(out.strip()) / 1e6, 1)


def timed_build(service: str, cold: bool) -> float:
    started = time.monotonic()
    subprocess.run([*COMPOSE, "build", *(["--no-cache"] if cold else []), service], cwd=REPO, check=True,  # noqa: S603
                   capture_output=True)  # fmt: skip
    return round(time.monotonic() - started, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="only report the sizes of the built images")
    parser.add_argument("--warm-only", action="store_true", help="skip the cold (--no-cache) builds")
    args = parser.parse_args(argv)
    rows = []
    for service in SERVICES:
        row: dict[str, object] = {"image": f"smartbreeds/{service}:latest"}
        if not args.no_build:
            if not args.warm_only:
                row["cold_build_s"] = timed_build(service, cold=True)
            row["warm_build_s"] = timed_build(service, cold=False)
        row["size_mb"] = size_mb(str(row["image"]))
        rows.append(row)
        sys.stdout.write(json.dumps(row) + "\n")
    results = REPO / "benchmarks/results"
    results.mkdir(exist_ok=True)
    (results / "image_report.json").write_text(json.dumps({"engine": engine(), "images": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
