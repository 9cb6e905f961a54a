"""Turn a stored file into text plus front matter, with LlamaIndex's file readers where they fit.

PDF and DOCX go through llama-index-readers-file (pypdf, docx2txt). Markdown keeps its headings for
MarkdownNodeParser; HTML headings are rewritten as Markdown headings so both split the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from llama_index.readers.file import DocxReader, PDFReader

from app.rag.file_types import unsupported

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)
_BLOCK_TAGS = ("p", "li", "pre", "blockquote", "td", "th", "dd", "dt")


@dataclass(slots=True)
class LoadedText:
    text: str
    has_headings: bool  # True when the text is Markdown whose headings should split chunks
    front_matter: dict[str, Any] = field(default_factory=dict)
    title: str | None = None


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1)) or {}
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


def load_text(path: Path, file_type: str) -> LoadedText:
    if file_type == "pdf":
        try:
            pages = PDFReader(return_full_document=True).load_data(file=path)
        except Exception as exc:  # pypdf raises many types on malformed input
            raise unsupported("The PDF could not be read.") from exc
        text = "\n\n".join(page.text for page in pages)
        return LoadedText(text=text, has_headings=False)
    if file_type == "docx":
        try:
            parts = DocxReader().load_data(file=path)
        except Exception as exc:
            raise unsupported("The DOCX file could not be read.") from exc
        return LoadedText(text="\n\n".join(part.text for part in parts), has_headings=False)
    raw = path.read_text(encoding="utf-8-sig")
    if file_type == "html":
        markdown, title = html_to_markdown(raw)
        return LoadedText(text=markdown, has_headings=True, title=title)
    if file_type == "markdown":
        front_matter, body = split_front_matter(raw)
        title = str(front_matter["title"]) if front_matter.get("title") else _first_heading(body)
        return LoadedText(text=body, has_headings=True, front_matter=front_matter, title=title)
    return LoadedText(text=raw, has_headings=False)
