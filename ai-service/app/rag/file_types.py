"""What an uploaded file is, judged by its bytes AND its extension, and a safe name to store it under."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from smartbreeds_common.errors import ApplicationError

from app.rag.document_limits import (
    ZIP_MAX_ENTRIES,
    ZIP_MAX_RATIO,
    ZIP_MAX_UNCOMPRESSED_BYTES,
    document_too_large,
    document_unparseable,
)

EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
}
_HTML_SNIFF = re.compile(
    rb"^\s*(<!doctype\s+html|<html|<head|<body|<h[1-6][\s>]|<p[\s>]|<div[\s>]|<section[\s>]|<article[\s>])", re.I
)
_RATIO_FLOOR_BYTES = 1024 * 1024
_SAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def unsupported(message: str) -> ApplicationError:
    return ApplicationError("UNSUPPORTED_FILE", message, status=400)


def safe_filename(raw: str | None) -> str:
    """The base name only (no directories, no traversal), ASCII, at most 120 characters."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = _SAFE_CHARS.sub("_", name).strip("._")
    if not name or name in {".", ".."}:
        raise unsupported("The file needs a name with a supported extension (.pdf, .docx, .md, .txt, .html).")
    stem, dot, ext = name.rpartition(".")
    if dot and len(name) > 120:
        name = f"{stem[: 119 - len(ext)]}.{ext}"
    return name[:120]


def _is_utf8_text(content: bytes) -> bool:
    if b"\x00" in content[:8192]:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_docx(content: bytes) -> bool:
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def detect_file_type(filename: str, content: bytes) -> str:
    """'pdf', 'docx', 'markdown', 'text' or 'html'; raises UNSUPPORTED_FILE when bytes and extension disagree."""
    extension = Path(filename).suffix.lower()
    declared = EXTENSIONS.get(extension)
    if declared is None:
        raise unsupported(f"Files of type '{extension or 'none'}' are not supported; use pdf, docx, md, txt or html.")
    if not content.strip():
        raise unsupported("The file is empty.")
    if declared == "pdf":
        ok = content.startswith(b"%PDF-")
    elif declared == "docx":
        ok = _is_docx(content)
    elif declared == "html":
        ok = _is_utf8_text(content) and bool(_HTML_SNIFF.match(content.lstrip(b"\xef\xbb\xbf")[:2048]))
    else:
        ok = _is_utf8_text(content)
    if not ok:
        raise unsupported(f"The file's content does not match its '{extension}' extension.")
    return declared


def check_zip_container(content: bytes) -> None:
    """Refuse a zip bomb from the central directory alone, before anything is inflated.

    413 DOCUMENT_TOO_LARGE when the entries would inflate beyond the cap; 422 DOCUMENT_UNPARSEABLE for
    too many entries or a compression ratio no real document has (per entry and overall).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise unsupported("The file is not a valid zip container.") from exc
    if len(entries) > ZIP_MAX_ENTRIES:
        raise document_unparseable(f"The container holds {len(entries)} files; at most {ZIP_MAX_ENTRIES} are read.")
    total = sum(entry.file_size for entry in entries)
    if total > ZIP_MAX_UNCOMPRESSED_BYTES:
        cap_mib = ZIP_MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
        raise document_too_large(
            f"The container would expand to {total // (1024 * 1024)} MiB; at most {cap_mib} MiB are read."
        )
    compressed = sum(entry.compress_size for entry in entries)
    # Small parts (a few KiB of repeated whitespace) may compress far; only sizeable ones are judged.
    big = [entry for entry in entries if entry.file_size >= _RATIO_FLOOR_BYTES]
    worst = max((entry.file_size / max(entry.compress_size, 1) for entry in big), default=0.0)
    overall = total / max(compressed, 1) if total >= _RATIO_FLOOR_BYTES else 0.0
    if max(worst, overall) > ZIP_MAX_RATIO:
        raise document_unparseable(
            f"The container's compression ratio exceeds {ZIP_MAX_RATIO}:1, which no real document reaches."
        )
