"""Where picture files live. One small interface; the default keeps them in a local folder.

Another storage (an object store, a CDN) implements ``PictureStorage`` and is returned by
``storage_for``; nothing else changes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from coffeemug.settings import Settings

_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")


class PictureStorage(Protocol):
    def save(self, key: str, data: bytes) -> None: ...

    def load(self, key: str) -> bytes | None: ...

    def delete(self, key: str) -> None: ...


class LocalFolder:
    """Files in one folder, named by their key (keys are made by the service, never typed)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"not a picture key: {key!r}")
        return self.root / key

    def save(self, key: str, data: bytes) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self._path(key)
        partial = path.with_suffix(path.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(path)  # readers never see half a file

    def load(self, key: str) -> bytes | None:
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def storage_for(settings: Settings) -> PictureStorage:
    return LocalFolder(Path(settings.picture_folder))
