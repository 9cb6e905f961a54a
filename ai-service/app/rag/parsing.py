"""Read an uploaded document without letting it hurt the service.

PDF, DOCX and HTML are parsed in a fresh subprocess per document (app.rag.parse_worker) that limits its
own CPU time and address space with resource.setrlimit; the parent only waits (in a small thread pool,
never on the event loop), kills it at a wall-clock deadline and reads at most the capped text back.
A crash, a breach or a timeout is 422 DOCUMENT_UNPARSEABLE; text past the cap is 413 DOCUMENT_TOO_LARGE.
One process per parse (not a pool) so a killed parser takes nothing else with it and every parse starts
with a clean CPU-time budget.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import select
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import structlog

from app.rag.document_limits import (
    DEFAULT_PARSE_LIMITS,
    MAX_CONCURRENT_PARSES,
    ParseLimits,
    document_too_large,
    document_unparseable,
)
from app.rag.file_types import unsupported
from app.rag.loaders import SANDBOXED_TYPES, LoadedText, load_plain
from app.rag.parse_worker import MEMORY_EXIT_CODE

logger = structlog.get_logger(__name__)

SERVICE_ROOT = Path(__file__).resolve().parents[2]  # the directory holding the `app` package
_OUTPUT_SLACK_BYTES = 64 * 1024  # JSON framing and the title around the capped text
_SAMPLE_SECONDS = 0.05  # how often the child's peak memory is read while it runs


@dataclass(frozen=True, slots=True)
class ParseReport:
    """What one parser subprocess did.

    `outcome` is ok, too_large, unreadable, unparseable, memory, cpu, timeout or crashed.
    """

    outcome: str
    seconds: float
    peak_rss_kb: int  # the child's VmHWM: its own report when it exits, else sampled every 50 ms until killed
    loaded: LoadedText | None = None


@functools.cache
def _supervisors() -> ThreadPoolExecutor:
    # One thread per running parser caps concurrent parses per service process; later ones queue.
    return ThreadPoolExecutor(max_workers=MAX_CONCURRENT_PARSES, thread_name_prefix="document-parser")


def _child_env() -> dict[str, str]:
    # The parser gets no secrets: only what the interpreter needs.
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}


def _outcome_of(exit_code: int, output: bytes, *, stopped: str | None) -> tuple[str, LoadedText | None, int]:
    """(outcome, text when ok, the peak memory the child reported when it could)."""
    if stopped is not None:
        return stopped, None, 0
    if exit_code == MEMORY_EXIT_CODE:
        return "memory", None, 0
    if exit_code in (-signal.SIGXCPU, -signal.SIGKILL):
        return "cpu", None, 0
    if exit_code != 0:
        return "crashed", None, 0
    try:
        payload = json.loads(output)
    except ValueError:
        return "crashed", None, 0
    reported_kb = int(payload.get("peak_rss_kb") or 0)
    if payload.get("status") != "ok":
        return str(payload.get("status", "crashed")), None, reported_kb
    loaded = LoadedText(text=payload["text"], has_headings=bool(payload["has_headings"]), title=payload.get("title"))
    return "ok", loaded, reported_kb


def _peak_rss_kb(pid: int) -> int:
    """VmHWM of a running child (0 once it has exited); rusage would report the service's own RSS,
    which a forked child inherits as its maxrss."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _supervise(
    process: subprocess.Popen[bytes], limits: ParseLimits, output_limit: int
) -> tuple[bytes, str | None, int]:
    """Collect the child's stdout while sampling its peak memory; kill it at the deadline or on overflow."""
    if process.stdout is None:
        raise RuntimeError("the parser subprocess was started without stdout=PIPE")
    fd = process.stdout.fileno()
    chunks: list[bytes] = []
    size = 0
    peak_kb = 0
    stopped: str | None = None
    deadline = time.monotonic() + limits.wall_seconds
    while True:
        peak_kb = max(peak_kb, _peak_rss_kb(process.pid))
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            stopped = "timeout"
            break
        ready, _, _ = select.select([fd], [], [], min(_SAMPLE_SECONDS, remaining))
        if not ready:
            continue
        chunk = os.read(fd, 1024 * 1024)
        if not chunk:
            break  # end of output: the child exited or was killed
        chunks.append(chunk)
        size += len(chunk)
        if size > output_limit:
            stopped = "too_large"
            break
    if stopped is not None:
        process.kill()
    return b"".join(chunks), stopped, peak_kb


def run_parser(path: Path, file_type: str, limits: ParseLimits) -> ParseReport:
    """Blocking: start the parser subprocess, wait for it under the limits, reap it."""
    command = [
        sys.executable,
        "-m",
        "app.rag.parse_worker",
        file_type,
        str(path),
        str(limits.cpu_seconds),
        str(limits.memory_bytes),
        str(limits.max_chars),
    ]
    # JSON of capped text: at most 6 bytes a character (a control character escaped as \uXXXX).
    output_limit = limits.max_chars * 6 + _OUTPUT_SLACK_BYTES
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - fixed interpreter and module, no shell
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=SERVICE_ROOT,
        env=_child_env(),
    )
    try:
        output, stopped, peak_kb = _supervise(process, limits, output_limit)
    finally:
        if process.stdout is not None:
            process.stdout.close()
        exit_code = process.wait()
    outcome, loaded, reported_kb = _outcome_of(exit_code, output, stopped=stopped)
    seconds = time.perf_counter() - started
    return ParseReport(outcome=outcome, seconds=seconds, peak_rss_kb=max(peak_kb, reported_kb), loaded=loaded)


async def parse_document(path: Path, file_type: str, limits: ParseLimits | None = None) -> ParseReport:
    """Run the parser subprocess from async code without blocking the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_supervisors(), run_parser, path, file_type, limits or DEFAULT_PARSE_LIMITS)


async def extract_text(path: Path, file_type: str, limits: ParseLimits | None = None) -> LoadedText:
    """The document's text, or 400 UNSUPPORTED_FILE / 413 DOCUMENT_TOO_LARGE / 422 DOCUMENT_UNPARSEABLE."""
    limits = limits or DEFAULT_PARSE_LIMITS  # read at call time, so one process can tighten it
    if file_type not in SANDBOXED_TYPES:
        return await asyncio.to_thread(load_plain, path, file_type, max_chars=limits.max_chars)
    report = await parse_document(path, file_type, limits)
    log = logger.bind(
        file_type=file_type, outcome=report.outcome, seconds=round(report.seconds, 3), peak_rss_kb=report.peak_rss_kb
    )
    if report.loaded is not None:
        log.info("rag_document_parsed")
        return report.loaded
    log.warning("rag_document_refused")
    if report.outcome == "too_large":
        raise document_too_large(f"The document's text is limited to {limits.max_chars:,} characters.")
    if report.outcome == "unreadable":
        raise unsupported(f"The {file_type.upper()} file could not be read.")
    raise document_unparseable(
        f"The {file_type.upper()} file could not be parsed within {limits.cpu_seconds} s of CPU time "
        f"and {limits.memory_bytes // (1024 * 1024)} MiB of memory."
    )
