"""Chroma in client/server mode (CHROMA_HOST): two stores on one `chroma run` server share the collection."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.rag.constants import WRITE_LOCK_FILENAME
from app.rag.store import KnowledgeStore

CHROMA = Path(sys.executable).with_name("chroma")
VECTOR = [1.0] + [0.0] * 383


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("chroma run did not start") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_a_write_through_one_client_is_read_by_another(chroma_server: int, tmp_path: Path) -> None:
    writer = KnowledgeStore(host="127.0.0.1", port=chroma_server, collection_name="shared_test")
    reader = KnowledgeStore(host="127.0.0.1", port=chroma_server, collection_name="shared_test")

    with writer.write_lock():
        writer.upsert(ids=["c1"], texts=["Retrievers shed."], embeddings=[VECTOR], metadatas=[{"document_id": "d1"}])

    hits = reader.query(VECTOR, top_k=1)
    assert [hit.id for hit in hits] == ["c1"] and hits[0].score == pytest.approx(1.0)
    assert reader.ids_for_document("d1") == ["c1"]


def test_server_mode_keeps_nothing_on_local_disk(
    chroma_server: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = KnowledgeStore(tmp_path / "unused", host="127.0.0.1", port=chroma_server, collection_name="no_local_files")

    with store.write_lock():
        store.upsert(ids=["c1"], texts=["text"], embeddings=[VECTOR], metadatas=[{"document_id": "d1"}])
    store.delete_document("d1")

    assert store.is_server and store.count() == 0
    assert not (tmp_path / "unused").exists() and not list(tmp_path.rglob(WRITE_LOCK_FILENAME))


def test_embedded_mode_is_the_default(tmp_path: Path) -> None:
    store = KnowledgeStore(tmp_path / "chroma")

    assert not store.is_server and (tmp_path / "chroma" / "chroma.sqlite3").exists()
