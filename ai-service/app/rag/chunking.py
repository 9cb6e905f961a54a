"""Split text into chunks: by headings first (MarkdownNodeParser), then ~512 tokens with overlap."""

from __future__ import annotations

from app.rag.constants import CHUNK_OVERLAP, CHUNK_SIZE


def split_into_chunks(text: str, *, has_headings: bool) -> list[str]:
    # LlamaIndex takes ~1.5 s to import: ingestion pays it, not every module that imports this one.
    from llama_index.core import Document
    from llama_index.core.node_parser import MarkdownNodeParser, SentenceSplitter

    documents = [Document(text=text)]
    if has_headings:
        sections = [node.get_content().strip() for node in MarkdownNodeParser().get_nodes_from_documents(documents)]
        documents = [Document(text=section) for section in _merge_heading_only(sections)]
    splitter = SentenceSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    nodes = splitter.get_nodes_from_documents(documents)
    return [chunk for chunk in (node.get_content().strip() for node in nodes) if chunk]


def _merge_heading_only(sections: list[str]) -> list[str]:
    """A section that is only a heading (e.g. the document title) joins the section after it."""
    merged: list[str] = []
    pending = ""
    for section in sections:
        if all(line.lstrip().startswith("#") for line in section.splitlines() if line.strip()):
            pending = f"{pending}\n{section}".strip()
            continue
        merged.append(f"{pending}\n\n{section}".strip() if pending else section)
        pending = ""
    if pending:
        merged.append(pending)
    return [section for section in merged if section]
