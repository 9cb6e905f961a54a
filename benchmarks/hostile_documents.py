"""Hostile documents at the production parser limits: size on the wire, outcome, time to refuse, peak memory.

Run with the AI service's venv from the repository root:
    ai-service/.venv/bin/python benchmarks/hostile_documents.py
Writes benchmarks/results/hostile_documents.json and logs one JSON line per bomb.

Each bomb goes through exactly the checks POST /rag/ingest runs before chunking (file type, zip caps,
then app.rag.parsing.extract_text: the YAML loader in-process, PDF/DOCX/HTML in the limited subprocess).
"Peak child RSS" is the parser subprocess's VmHWM (sampled every 50 ms); "service RSS growth" is this
process's resident set after the refusal minus before it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ai-service"))

from smartbreeds_common.errors import ApplicationError  # noqa: E402

from app.rag import parsing  # noqa: E402
from app.rag.document_limits import DEFAULT_PARSE_LIMITS, MAX_EXTRACTED_CHARS  # noqa: E402
from app.rag.file_types import check_zip_container, detect_file_type  # noqa: E402
from app.rag.parsing import ParseReport, run_parser  # noqa: E402
from tests.rag import bombs  # noqa: E402

log = logging.getLogger("bench.hostile_documents")

BOMBS: list[tuple[str, str, Callable[[], bytes]]] = [
    ("zip bomb DOCX (1 GiB inflated)", "bomb.docx", lambda: bombs.zip_bomb_docx(1024)),
    ("high-ratio DOCX (32 MiB inflated)", "ratio.docx", lambda: bombs.high_ratio_docx(32)),
    ("wordy DOCX (cap + 100k characters)", "wordy.docx", lambda: bombs.wordy_docx(MAX_EXTRACTED_CHARS + 100_000)),
    ("YAML alias bomb (9 levels)", "laughs.md", lambda: bombs.yaml_alias_bomb_markdown(9)),
    ("front matter 64 KiB", "long.md", lambda: bombs.oversized_front_matter_markdown(64)),
    ("slow PDF (2000 pages x 5000 operators)", "slow.pdf", lambda: bombs.slow_pdf(2000, 5000)),
    ("memory-hungry PDF (16 x 64 MiB streams)", "hungry.pdf", lambda: bombs.memory_hungry_pdf(16, 64)),
    ("huge HTML (19 MiB nested markup)", "huge.html", lambda: bombs.huge_html(19)),
]


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def measure(label: str, name: str, build: Callable[[], bytes], workdir: Path) -> dict[str, Any]:
    content = build()
    reports: list[ParseReport] = []

    def recording(path: Path, file_type: str, limits: Any) -> ParseReport:
        report = run_parser(path, file_type, limits)
        reports.append(report)
        return report

    parsing.run_parser = recording  # type: ignore[assignment]
    before = rss_kb()
    started = time.perf_counter()
    try:
        file_type = detect_file_type(name, content)
        if file_type == "docx":
            check_zip_container(content)
        path = workdir / name
        path.write_bytes(content)
        loaded = await parsing.extract_text(path, file_type)
        result = f"accepted ({len(loaded.text)} characters)"
    except ApplicationError as exc:
        result = f"{exc.status} {exc.code}"
    seconds = time.perf_counter() - started
    row = {
        "bomb": label,
        "bytes": len(content),
        "result": result,
        "seconds_to_refuse": round(seconds, 2),
        "parser_outcome": reports[0].outcome if reports else "not started",
        "peak_child_rss_mib": round(reports[0].peak_rss_kb / 1024, 1) if reports else 0.0,
        "service_rss_growth_mib": round((rss_kb() - before) / 1024, 1),
    }
    log.info(json.dumps(row))
    return row


async def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as tmp:
        rows = [await measure(label, name, build, Path(tmp)) for label, name, build in BOMBS]
    results = {
        "limits": {
            "cpu_seconds": DEFAULT_PARSE_LIMITS.cpu_seconds,
            "memory_mib": DEFAULT_PARSE_LIMITS.memory_bytes // (1024 * 1024),
            "wall_seconds": DEFAULT_PARSE_LIMITS.wall_seconds,
            "max_chars": DEFAULT_PARSE_LIMITS.max_chars,
        },
        "bombs": rows,
    }
    out = ROOT / "benchmarks" / "results" / "hostile_documents.json"
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    asyncio.run(main())
