"""Ask the vision LLM (qwen3-vl via LlamaIndex's Ollama client) for a JSON answer about an image.

Ollama gets the pydantic model's JSON schema as `format`, thinking off and a capped num_predict.
qwen3-vl sometimes leaves `content` empty and puts the JSON in `thinking`: we read both. An empty
or invalid answer is retried once; after that the caller degrades.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import structlog
from pydantic import BaseModel, ValidationError

from app.core import metrics
from app.vision.prompts import RETRY_SUFFIX

if TYPE_CHECKING:  # LlamaIndex costs ~1.5 s to import: only where a model is built or called
    from llama_index.llms.ollama import Ollama

logger = structlog.get_logger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)
MAX_ATTEMPTS = 2
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


class VlmUnavailable(Exception):
    """The vision LLM could not give a valid answer (down, timed out, or invalid twice)."""


def parse_json_answer(text: str | None, model: type[ModelT]) -> ModelT | None:
    """The first JSON object in `text` validated as `model`, or None."""
    if not text or not text.strip():
        return None
    candidates = [text.strip()]
    match = _JSON_OBJECT.search(text)
    if match and match.group(0) != candidates[0]:
        candidates.append(match.group(0))
    for candidate in candidates:
        try:
            return model.model_validate(json.loads(candidate))
        except (json.JSONDecodeError, ValidationError):
            continue
    return None


async def ask_structured(
    llm_factory: Callable[..., Ollama],
    *,
    prompt: str,
    image: bytes,
    image_mimetype: str,
    output: type[ModelT],
    timeout: float,
) -> ModelT:
    """A validated `output` from the VLM, or VlmUnavailable. `timeout` bounds all attempts together."""
    started, outcome = time.perf_counter(), "ok"
    try:
        return await _ask_structured(
            llm_factory, prompt=prompt, image=image, image_mimetype=image_mimetype, output=output, timeout=timeout
        )
    except VlmUnavailable as exc:
        outcome = {"timeout": "timeout", "invalid answer": "invalid_answer"}.get(str(exc), "error")
        raise
    finally:
        metrics.VLM_DURATION.labels(outcome=outcome).observe(time.perf_counter() - started)


async def _ask_structured(
    llm_factory: Callable[..., Ollama],
    *,
    prompt: str,
    image: bytes,
    image_mimetype: str,
    output: type[ModelT],
    timeout: float,
) -> ModelT:
    from llama_index.core.base.llms.types import ChatMessage, ImageBlock, MessageRole, TextBlock

    llm = llm_factory(timeout=timeout)
    schema = output.model_json_schema()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    text = prompt
    for attempt in range(1, MAX_ATTEMPTS + 1):
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise VlmUnavailable("timeout")
        message = ChatMessage(
            role=MessageRole.USER, blocks=[TextBlock(text=text), ImageBlock(image=image, image_mimetype=image_mimetype)]
        )
        try:
            response = await asyncio.wait_for(llm.achat([message], format=schema), timeout=remaining)
        except TimeoutError as exc:
            logger.warning("vlm_timeout", attempt=attempt)
            raise VlmUnavailable("timeout") from exc
        except Exception as exc:  # connection refused, HTTP 5xx from Ollama, model missing...
            logger.warning("vlm_call_failed", attempt=attempt, error_type=type(exc).__name__)
            raise VlmUnavailable(type(exc).__name__) from exc
        raw_message = (response.raw or {}).get("message") or {}
        content = response.message.content or raw_message.get("content")
        answer = parse_json_answer(content, output) or parse_json_answer(raw_message.get("thinking"), output)
        if answer is not None:
            return answer
        logger.warning("vlm_invalid_answer", attempt=attempt, content_chars=len(content or ""))
        text = prompt + RETRY_SUFFIX
    raise VlmUnavailable("invalid answer")
