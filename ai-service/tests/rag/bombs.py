"""Hostile documents built in memory: zip-bomb and high-ratio DOCX, a YAML alias bomb, PDFs that are
slow or memory-hungry to parse, a huge HTML page. Shared by tests/rag/test_hostile_documents.py and
benchmarks/hostile_documents.py (which records sizes, peak memory and time to refuse)."""

from __future__ import annotations

import io
import zipfile
import zlib

from tests.rag.documents import _CONTENT_TYPES, _RELS

_DOC_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOC_TAIL = "</w:body></w:document>"


def _docx_with_body(paragraphs: int, paragraph: str) -> bytes:
    """A DOCX whose document.xml repeats one paragraph, streamed into the zip (never held whole in memory)."""
    run = f"<w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p>".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            entry.write(_DOC_HEAD.encode())
            block = run * 1024
            for _ in range(paragraphs // 1024):
                entry.write(block)
            entry.write(_DOC_TAIL.encode())
    return buffer.getvalue()


def zip_bomb_docx(uncompressed_mib: int = 1024) -> bytes:
    """document.xml inflating to `uncompressed_mib` MiB of text (1 GiB deflates to about 1 MiB)."""
    paragraph = "Woof " * 200  # 1,000 characters
    per_paragraph = len(paragraph) + 40
    return _docx_with_body(uncompressed_mib * 1024 * 1024 // per_paragraph, paragraph)


def high_ratio_docx(uncompressed_mib: int = 32) -> bytes:
    """Under the size cap, but one letter repeated: deflates about 600:1, far past any real document."""
    paragraph = "a" * 4000
    return _docx_with_body(uncompressed_mib * 1024 * 1024 // (len(paragraph) + 40), paragraph)


def wordy_docx(characters: int) -> bytes:
    """Varied text (ratio of a real document) with `characters` characters: passes the zip caps."""
    words = [f"word{index:05d}" for index in range(5000)]
    paragraph = " ".join(words[:100])
    chunks = []
    for start in range(0, 5000, 100):
        chunks.append(" ".join(words[start : start + 100]))
    count = characters // (len(paragraph) + 1) + 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        body = "".join(
            f"<w:p><w:r><w:t>{chunks[index % len(chunks)]} {index}</w:t></w:r></w:p>" for index in range(count)
        )
        archive.writestr("word/document.xml", _DOC_HEAD + body + _DOC_TAIL)
    return buffer.getvalue()


def yaml_alias_bomb_markdown(levels: int = 9) -> bytes:
    """The 'billion laughs' in YAML front matter: each level lists the previous one nine times."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for level in range(1, levels):
        previous, name = names[level - 1], names[level]
        lines.append(f"{name}: &{name} [{', '.join(f'*{previous}' for _ in range(9))}]")
    front = "\n".join(lines)
    return f"---\ntitle: Laughing dogs\n{front}\n---\n# Laughing dogs\n\nDogs laugh by panting.\n".encode()


def oversized_front_matter_markdown(kib: int = 64) -> bytes:
    items = "\n".join(f"  - condition number {index}" for index in range(kib * 1024 // 26))
    return f"---\ntitle: Long list\nhealth_conditions:\n{items}\n---\n# Long list\n\nText.\n".encode()


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _flate_stream(data: bytes) -> bytes:
    compressed = zlib.compress(data, 9)
    return (
        b"<< /Length "
        + str(len(compressed)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + compressed
        + b"\nendstream"
    )


def slow_pdf(pages: int = 2000, operators_per_page: int = 5000) -> bytes:
    """Many pages sharing one content stream of text operators that draw nothing: little text, much CPU."""
    content = b"BT /F1 10 Tf " + b"1 0 0 1 0 0 Tm () Tj " * operators_per_page + b"ET"
    kids = " ".join(f"{index + 5} 0 R" for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        _flate_stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
    objects.extend(page for _ in range(pages))
    return _pdf(objects)


def memory_hungry_pdf(pages: int = 16, inflated_mib: int = 64) -> bytes:
    """Pages whose content streams each inflate to 64 MiB (under pypdf's own 75 MB per-stream cap):
    about 1 MiB on the wire, and pypdf keeps every decoded stream while it walks the pages."""
    blob = _flate_stream(b"0 0 m " * (inflated_mib * 1024 * 1024 // 6))
    kids = " ".join(f"{index + 4} 0 R" for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects.extend(
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {index + 4 + pages} 0 R "
        "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        for index in range(pages)
    )
    objects.extend(blob for _ in range(pages))
    return _pdf(objects)


def huge_html(mib: int = 19) -> bytes:
    """Deeply nested markup up to the upload limit: cheap to send, expensive to build a tree of."""
    cell = b"<div><span><b><i>x</i></b></span></div>"
    head = b"<!doctype html><html><head><title>Huge</title></head><body>"
    body = cell * ((mib * 1024 * 1024 - len(head)) // len(cell))
    return head + body + b"</body></html>"
