"""Caps that keep a hostile document (zip bomb, YAML alias bomb, endless PDF) from hurting the service.

Measured figures behind each value are in docs/reliability.md ("Hostile documents").
"""

from __future__ import annotations

from dataclasses import dataclass

from smartbreeds_common.errors import ApplicationError

# Extracted text kept for chunking: about 1,000 book pages; beyond it embedding alone takes minutes.
MAX_EXTRACTED_CHARS = 2_000_000
# YAML front matter of a Markdown guide is a handful of keys; 16 KiB leaves room for long lists.
MAX_FRONT_MATTER_BYTES = 16 * 1024

# Zip containers (DOCX), judged from the central directory before a single byte is inflated.
# Python's zipfile never inflates past an entry's declared size (a lying entry fails its CRC check),
# so the declared sizes bound what the parser can read.
ZIP_MAX_ENTRIES = 1_000
ZIP_MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
# Word XML deflates about 5-20:1; a ratio far beyond that is a bomb, not a document.
ZIP_MAX_RATIO = 100


@dataclass(frozen=True, slots=True)
class ParseLimits:
    """Limits of one parser subprocess (resource.setrlimit in the child, a wall clock in the parent)."""

    cpu_seconds: int = 15
    memory_bytes: int = 768 * 1024 * 1024  # address space (RLIMIT_AS) of the child
    wall_seconds: float = 45.0  # a child blocked without using CPU is killed at this point
    max_chars: int = MAX_EXTRACTED_CHARS


DEFAULT_PARSE_LIMITS = ParseLimits()
# Parser subprocesses running at once in one service process (uvicorn worker); more ingestions wait
# their turn. One per worker keeps a pod's worst case at workers x 768 MiB (the k8s limit counts on it).
MAX_CONCURRENT_PARSES = 1


def document_too_large(message: str) -> ApplicationError:
    return ApplicationError("DOCUMENT_TOO_LARGE", message, status=413)


def document_unparseable(message: str) -> ApplicationError:
    return ApplicationError("DOCUMENT_UNPARSEABLE", message, status=422)
