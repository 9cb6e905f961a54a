"""Real photographs shipped inside the scikit-image wheel (loaded from the installed package)."""

from __future__ import annotations

import io
from pathlib import Path

import skimage
from PIL import Image

SKIMAGE_DATA = Path(skimage.__file__).resolve().parent / "data"


def photo_path(name: str) -> Path:
    return SKIMAGE_DATA / name


def photo_bytes(name: str) -> bytes:
    return photo_path(name).read_bytes()


def as_format(name: str, fmt: str, **save_kwargs: object) -> bytes:
    with Image.open(photo_path(name)) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, format=fmt, **save_kwargs)
        return out.getvalue()
