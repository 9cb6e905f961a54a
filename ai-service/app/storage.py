"""Where stored photos live: a small interface, and the directory implementation used everywhere.

One machine: UPLOAD_DIR is a local directory. A cluster: UPLOAD_DIR is a shared (ReadWriteMany)
volume mounted by every ai-service replica and the sweeper, so a photo stored through one replica is
served by any other. Names are content hashes (write-once), and every write is a temporary file in the
same directory renamed into place, which is atomic on local file systems and on NFS-style shares alike.
An object-store backend (S3-compatible) would implement the same protocol; none ships.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import anyio

TEMP_PREFIX = ".upload-"  # interrupted writes leave these behind; the sweeper removes old ones
READ_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class StoredFile:
    name: str
    size: int
    modified_at: float  # seconds since the epoch


class PhotoStorage(Protocol):
    """Write-once files named by the caller (a content hash), read back by any replica."""

    async def save(self, name: str, content: bytes) -> None:
        """Store `content` under `name` atomically; an existing file of that name is left as is."""

    async def stat(self, name: str) -> StoredFile | None:
        """Size and modification time, or None when there is no such file."""

    def chunks(self, name: str) -> AsyncIterator[bytes]:
        """The file's bytes in chunks (for a streaming response)."""

    async def delete(self, name: str) -> bool:
        """Remove the file; False when it was not there."""

    async def list(self) -> list[StoredFile]:
        """Every file, including temporary ones of interrupted writes (names starting with TEMP_PREFIX)."""


class DirectoryStorage:
    """Files in one directory: a local disk on one machine, a shared volume mount in a cluster."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def _path(self, name: str) -> Path:
        if not name or "/" in name or "\\" in name or name in (".", ".."):
            raise ValueError(f"not a plain file name: {name!r}")
        return self.directory / name

    def _write(self, name: str, content: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self._path(name)
        if target.exists():
            return
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())  # on a shared volume another replica may read it right after the rename
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    async def save(self, name: str, content: bytes) -> None:
        await anyio.to_thread.run_sync(self._write, name, content)

    async def stat(self, name: str) -> StoredFile | None:
        try:
            result = await anyio.Path(self._path(name)).stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return StoredFile(name=name, size=result.st_size, modified_at=result.st_mtime)

    async def chunks(self, name: str) -> AsyncIterator[bytes]:
        async with await anyio.open_file(self._path(name), "rb") as handle:
            while chunk := await handle.read(READ_CHUNK_BYTES):
                yield chunk

    async def delete(self, name: str) -> bool:
        path = anyio.Path(self._path(name))
        if not await path.exists():
            return False
        await path.unlink(missing_ok=True)
        return True

    def _list(self) -> list[StoredFile]:
        if not self.directory.is_dir():
            return []
        files = []
        for entry in os.scandir(self.directory):
            if entry.is_file(follow_symlinks=False):
                result = entry.stat(follow_symlinks=False)
                files.append(StoredFile(name=entry.name, size=result.st_size, modified_at=result.st_mtime))
        return files

    async def list(self) -> list[StoredFile]:
        return await anyio.to_thread.run_sync(self._list)


def build_photo_storage(upload_dir: str | Path) -> PhotoStorage:
    return DirectoryStorage(upload_dir)
