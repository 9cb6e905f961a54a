"""Turn a stored file into text plus front matter.

PDF and DOCX are read with the libraries behind LlamaIndex's file readers (pypdf, docx2txt), called
directly so the parser subprocess (app.rag.parse_worker) starts in a fraction of a second. Markdown
keeps its headings for MarkdownNodeParser; HTML headings are rewritten as Markdown headings so both
split the same way. PDF, DOCX and HTML are only ever read inside that subprocess (app.rag.parsing);
Markdown and plain text are decoded in-process, their front matter through a YAML loader without aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup

from app.rag.document_limits import (
    MAX_EXTRACTED_CHARS,
    MAX_FRONT_MATTER_BYTES,
    document_too_large,
    document_unparseable,
)
from app.rag.file_types import unsupported

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)
_BLOCK_TAGS = ("p", "li", "pre", "blockquote", "td", "th", "dd", "dt")
SANDBOXED_TYPES = frozenset({"pdf", "docx", "html"})


@dataclass(slots=True)
class LoadedText:
    text: str
    has_headings: bool  # True when the text is Markdown whose headings should split chunks
    front_matter: dict[str, Any] = field(default_factory=dict)
    title: str | None = None


class TextTooLong(Exception):
    """The extracted text passed the cap; raised as soon as it is known, before the rest is read."""


class ParserLimitReached(Exception):
    """The parsing library's own safety limit (pypdf: bytes or tokens per stream) stopped the parse."""


class _AliasRefused(yaml.YAMLError):  # type: ignore[misc]  # PyYAML ships no types
    pass


class _NoAliasSafeLoader(yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader that refuses aliases: a few hundred bytes of nested aliases expand to gigabytes."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused("YAML aliases are not allowed")
        return super().compose_node(parent, index)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    block = match.group(1)
    if len(block.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise document_too_large(f"The Markdown front matter is limited to {MAX_FRONT_MATTER_BYTES // 1024} KiB.")
    try:
        data = yaml.load(block, Loader=_NoAliasSafeLoader)  # noqa: S506 - a SafeLoader subclass that also refuses aliases
    except _AliasRefused as exc:
        raise document_unparseable(
            "The Markdown front matter uses YAML aliases (&anchor / *alias), which are refused."
        ) from exc
    except RecursionError as exc:
        raise document_unparseable("The Markdown front matter is nested too deeply.") from exc
    except yaml.YAMLError as exc:
        raise unsupported(f"The Markdown front matter is not valid YAML: {exc.__class__.__name__}.") from exc
    if not isinstance(data, dict):
        return {}, text
    return data, text[match.end() :]


def _first_heading(markdown: str) -> str | None:
    match = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", markdown, re.M)
    return match.group(1).strip() if match else None


def html_to_markdown(html: str) -> tuple[str, str | None]:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    root = soup.body or soup
    lines: list[str] = []
    for element in root.find_all([f"h{level}" for level in range(1, 7)] + list(_BLOCK_TAGS)):
        if element.find_parent(_BLOCK_TAGS) is not None:
            continue  # its text is already part of the enclosing block
        text = " ".join(element.get_text(" ", strip=True).split())
        if not text:
            continue
        if element.name.startswith("h"):
            lines.append(f"\n{'#' * int(element.name[1])} {text}\n")
        elif element.name == "li":
            lines.append(f"- {text}")
        else:
            lines.append(f"\n{text}\n")
    markdown = "\n".join(lines).strip()
    if not markdown:
        markdown = " ".join(root.get_text(" ", strip=True).split())
    return markdown, title or _first_heading(markdown)


def _capped(text: str, max_chars: int) -> str:
    if len(text) > max_chars:
        raise TextTooLong
    return text


def _read_pdf(path: Path, max_chars: int) -> LoadedText:
    import pypdf  # imported here: only the parser subprocess reads PDFs

    reader = pypdf.PdfReader(path)
    pages: list[str] = []
    total = 0
    for page in reader.pages:
        try:
            text = page.extract_text()
        except pypdf.errors.LimitReachedError as exc:
            raise ParserLimitReached(str(exc)) from exc
        total += len(text) + 1
        if total > max_chars:
            raise TextTooLong  # stop at the first page past the cap instead of reading the rest
        pages.append(text)
    return LoadedText(text="\n".join(pages), has_headings=False)


def _read_docx(path: Path, max_chars: int) -> LoadedText:
    import docx2txt  # imported here: only the parser subprocess reads DOCX

    return LoadedText(text=_capped(docx2txt.process(str(path)), max_chars), has_headings=False)


def load_sandboxed(path: Path, file_type: str, *, max_chars: int) -> LoadedText:
    """PDF, DOCX or HTML: called only inside the parser subprocess, under its CPU and memory limits."""
    if file_type == "pdf":
        return _read_pdf(path, max_chars)
    if file_type == "docx":
        return _read_docx(path, max_chars)
    if file_type == "html":
        markdown, title = html_to_markdown(path.read_text(encoding="utf-8-sig"))
        return LoadedText(text=_capped(markdown, max_chars), has_headings=True, title=title)
    raise ValueError(f"{file_type} is not parsed in the sandbox")


def load_plain(path: Path, file_type: str, *, max_chars: int = MAX_EXTRACTED_CHARS) -> LoadedText:
    """Markdown or plain text, in-process: decoding is linear and the front matter is capped."""
    raw = path.read_text(encoding="utf-8-sig")
    if len(raw) > max_chars:
        raise document_too_large(f"The document's text is limited to {max_chars:,} characters.")
    if file_type == "markdown":
        front_matter, body = split_front_matter(raw)
        title = str(front_matter["title"]) if front_matter.get("title") else _first_heading(body)
        return LoadedText(text=body, has_headings=True, front_matter=front_matter, title=title)
    return LoadedText(text=raw, has_headings=False)
