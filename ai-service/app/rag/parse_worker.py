"""The parser subprocess: `python -m app.rag.parse_worker FILE_TYPE PATH CPU_SECONDS MEMORY_BYTES MAX_CHARS`.

It limits itself (CPU time, address space, file size, no core dumps) before importing any parser,
reads one PDF, DOCX or HTML file and writes one JSON object to stdout:
{"status": "ok", "text", "title", "has_headings"} | {"status": "too_large"} | {"status": "unreadable"} |
{"status": "unparseable"}, each with "peak_rss_kb". Running out of memory exits with MEMORY_EXIT_CODE;
passing the CPU limit is SIGXCPU (then SIGKILL at the hard limit). The parent (app.rag.parsing) maps all of it.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path
from typing import Any

MEMORY_EXIT_CODE = 3
USAGE_EXIT_CODE = 2


def apply_limits(cpu_seconds: int, memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # the child writes no file; stdout is a pipe


def parse(file_type: str, path: Path, max_chars: int) -> dict[str, Any]:
    from app.rag.loaders import ParserLimitReached, TextTooLong, load_sandboxed

    try:
        loaded = load_sandboxed(path, file_type, max_chars=max_chars)
    except TextTooLong:
        return {"status": "too_large"}
    except (RecursionError, ParserLimitReached):
        return {"status": "unparseable"}  # nesting deep enough to exhaust the stack, or the library's own cap
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - pypdf, docx2txt and bs4 raise many types on malformed input
        return {"status": "unreadable"}
    return {"status": "ok", "text": loaded.text, "title": loaded.title, "has_headings": loaded.has_headings}


def peak_rss_kb() -> int:
    """VmHWM of this process since exec (getrusage would include the forking service's own RSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 6:
        return USAGE_EXIT_CODE
    _, file_type, path, cpu_seconds, memory_bytes, max_chars = argv
    apply_limits(int(cpu_seconds), int(memory_bytes))
    try:
        result = parse(file_type, Path(path), int(max_chars))
        payload = json.dumps({**result, "peak_rss_kb": peak_rss_kb()}, ensure_ascii=False)
    except MemoryError:
        return MEMORY_EXIT_CODE
    sys.stdout.write(payload)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
