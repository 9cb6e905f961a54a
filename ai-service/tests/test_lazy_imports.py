"""Importing the app (every route, service and client module) must not import torch, LlamaIndex or the
embedding stack: they cost seconds, so only the code that builds or calls a model imports them, and a
unit test file that does not need them starts in well under 2 s (docs/development.md, "The loops").
`import app.main` alone (what uvicorn --factory, tools and tests start with) loads no domain package at all:
`create_app` imports the routers, and with them Chroma and scikit-learn, when it builds the app."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("torch", "llama_index.core", "llama_index.llms.ollama", "sentence_transformers", "transformers", "nltk")

PROBE = f"""
import json, sys
import app.main, app.api.deps, app.analysis.service, app.rag.service, app.rag.seed, app.vision.service
print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
"""


# What `import app.main` must leave out: the model libraries, Chroma, scikit-learn and what they pull in.
NOT_AT_IMPORT = (
    "torch",
    "llama_index",
    "chromadb",
    "transformers",
    "sentence_transformers",
    "sklearn",
    "scipy",
    "pandas",
)
MAIN_PROBE = f"""
import json, sys
import app.main
print(json.dumps([name for name in {NOT_AT_IMPORT!r} if name in sys.modules]))
"""


def test_importing_app_main_loads_no_heavy_library() -> None:
    result = subprocess.run([sys.executable, "-c", MAIN_PROBE], capture_output=True, text=True, check=True)

    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_importing_the_app_loads_no_model_library() -> None:
    # A fresh interpreter: this test process may already hold them through other tests' fixtures.
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)

    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
