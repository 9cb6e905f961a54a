"""The photo storage: write-once, atomic, readable by a second storage on the same (shared) directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.storage import TEMP_PREFIX, DirectoryStorage


async def _read(storage: DirectoryStorage, name: str) -> bytes:
    return b"".join([chunk async for chunk in storage.chunks(name)])


async def test_a_file_saved_by_one_replica_is_read_by_another_on_the_shared_directory(tmp_path: Path) -> None:
    writer, reader = DirectoryStorage(tmp_path / "shared"), DirectoryStorage(tmp_path / "shared")
    content = bytes(range(256)) * 1000  # several read chunks

    await writer.save("a.png", content)

    stat = await reader.stat("a.png")
    assert stat is not None and stat.size == len(content)
    assert await _read(reader, "a.png") == content


async def test_saving_an_existing_name_keeps_the_first_file(tmp_path: Path) -> None:
    storage = DirectoryStorage(tmp_path)
    await storage.save("a.png", b"first")

    await storage.save("a.png", b"second")

    assert await _read(storage, "a.png") == b"first"
    assert [f.name for f in await storage.list()] == ["a.png"]  # no temporary file left behind


async def test_delete_says_whether_there_was_a_file(tmp_path: Path) -> None:
    storage = DirectoryStorage(tmp_path)
    await storage.save("a.png", b"x")

    assert await storage.delete("a.png") is True
    assert await storage.delete("a.png") is False
    assert await storage.stat("a.png") is None


async def test_listing_includes_temporary_files_of_interrupted_writes(tmp_path: Path) -> None:
    (tmp_path / f"{TEMP_PREFIX}abc").write_bytes(b"partial")
    (tmp_path / "sub").mkdir()

    assert [f.name for f in await DirectoryStorage(tmp_path).list()] == [f"{TEMP_PREFIX}abc"]


@pytest.mark.parametrize("name", ["../a.png", "sub/a.png", "", ".."])
async def test_names_that_leave_the_directory_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        await DirectoryStorage(tmp_path / "photos").stat(name)
