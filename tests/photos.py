"""Test photos: Chelsea, the CC0 cat photo that ships with scikit-image (in the ai-service's venv), and
copies of it whose bytes no other test sends: the ai-service caches vision answers by content hash, so
a test that needs a fresh analysis must not send bytes an earlier test already sent.
"""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

from tests.stack import REPO

SKIMAGE = REPO / "ai-service/.venv/lib/python3.11/site-packages/skimage/data"
CHELSEA = SKIMAGE / "chelsea.png"
_RECOLOUR_ONE_PIXEL = (
    "import sys, random; from PIL import Image; image = Image.open(sys.argv[1]).convert('RGB'); "
    "image.putpixel((0, 0), tuple(random.randrange(256) for _ in range(3))); image.save(sys.argv[2])"
)


def unique_photo(directory: Path, suffix: str = ".png", source: Path = CHELSEA) -> Path:
    """`source` (Chelsea unless told) with one random pixel, saved in the format `suffix` names (.png or .jpg)."""
    photo = directory / f"{source.stem}-{secrets.token_hex(4)}{suffix}"
    python = REPO / "ai-service/.venv/bin/python"
    subprocess.run([str(python), "-c", _RECOLOUR_ONE_PIXEL, str(source), str(photo)], check=True, timeout=60)
    return photo
