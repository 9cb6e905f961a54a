"""What an uploaded file is, judged by its bytes AND its extension, and a safe name to store it under."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from smartbreeds_common.errors import ApplicationError

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
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<h[1-6][\s>]|<p[\s>]|<div[\s>]|<section[\s>]|<article[\s>])", re.I)
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
