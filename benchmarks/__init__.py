"""Benchmarks of the local stack (`make bench`). Results land in benchmarks/results/*.json."""

import sys
from pathlib import Path

# The shared library is framework-free where we use it (identity signing): import it from source.
_COMMON = str(Path(__file__).resolve().parent.parent / "libs" / "smartbreeds-common")
if _COMMON not in sys.path:
    sys.path.append(_COMMON)
