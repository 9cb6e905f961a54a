"""The fake Ollama answers like the real API does for what the LlamaIndex client sends."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakes.ollama import FakeOllama

BREED_SCHEMA = {
    "type": "object",
    "properties": {
        "breed": {"type": "string"},
        "species": {"type": "string", "enum": ["dog", "cat"]},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "size": {"$ref": "#/$defs/Size"},
        "traits": {"type": "array", "items": {"type": "string"}},
        "is_mixed": {"type": "boolean"},
    },
    "required": ["breed", "species", "confidence"],
    "$defs": {"Size": {"type": "string", "enum": ["small", "medium", "large"]}},
}


@pytest.fixture
def fake() -> Iterator[FakeOllama]:
    server = FakeOllama(port=0, hang_seconds=5).start()
    yield server
    server.stop()


def call(fake: FakeOllama, path: str, body: dict[str, Any] | None = None, timeout: float = 5) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(fake.url + path, data=data, method="POST" if data else "GET")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        text = response.read().decode()
    if response.headers["Content-Type"] == "application/x-ndjson":
        return [json.loads(line) for line in text.splitlines()]
    return json.loads(text)


def chat_body(prompt: str, **extra: Any) -> dict[str, Any]:
    return {"model": "qwen3-vl:8b", "messages": [{"role": "user", "content": prompt}], "stream": False, **extra}


def test_show_reports_context_length_and_vision(fake: FakeOllama) -> None:
    body = call(fake, "/api/show", {"model": "qwen3-vl:8b"})
    assert body["model_info"]["qwen3vl.context_length"] == 32768
    assert "vision" in body["capabilities"]


def test_version_and_tags(fake: FakeOllama) -> None:
    assert call(fake, "/api/version")["version"] >= "0.12.7"
    assert call(fake, "/api/tags")["models"][0]["name"] == "qwen3-vl:8b"


def test_enqueued_reply_is_returned_exactly_once(fake: FakeOllama) -> None:
    fake.enqueue_reply('{"breed": "Beagle"}')
    first = call(fake, "/api/chat", chat_body("hello"))
    second = call(fake, "/api/chat", chat_body("hello"))
    assert first["message"] == {"role": "assistant", "content": '{"breed": "Beagle"}'}
    assert first["done"] is True and first["done_reason"] == "stop"
    assert second["message"]["content"] != '{"breed": "Beagle"}'


def test_schema_reply_picks_first_candidate_and_valid_values(fake: FakeOllama) -> None:
    prompt = "Identify the pet.\nCandidates: Siamese cat (0.61), Persian cat (0.20)\nAnswer in JSON."
    body = chat_body(prompt, format=BREED_SCHEMA, images=["aGVsbG8="])
    answer = json.loads(call(fake, "/api/chat", body)["message"]["content"])
    assert answer["breed"] == "Siamese cat"
    assert answer["species"] == "cat"
    assert 0 <= answer["confidence"] <= 1
    assert answer["size"] == "small"
    assert isinstance(answer["traits"], list) and answer["is_mixed"] is False


def test_schema_reply_defaults_to_labrador_dog(fake: FakeOllama) -> None:
    answer = json.loads(call(fake, "/api/chat", chat_body("What is this?", format=BREED_SCHEMA))["message"]["content"])
    assert (answer["breed"], answer["species"]) == ("Labrador Retriever", "dog")


def test_candidates_as_a_list_on_following_lines(fake: FakeOllama) -> None:
    prompt = "Candidates:\n1. Border Collie: 0.7\n2. Australian Shepherd: 0.2\n\nReply."
    answer = json.loads(call(fake, "/api/chat", chat_body(prompt, format=BREED_SCHEMA))["message"]["content"])
    assert (answer["breed"], answer["species"]) == ("Border Collie", "dog")


def test_text_reply_quotes_first_context_line(fake: FakeOllama) -> None:
    prompt = (
        "Context information is below.\n---------------------\nBeagles are prone to obesity.\n"
        "More text.\n---------------------\nQuery: what about beagles?\nAnswer: "
    )
    content = call(fake, "/api/chat", chat_body(prompt))["message"]["content"]
    assert "Beagles are prone to obesity." in content


def test_streaming_chat_is_ndjson_ending_with_empty_done_delta(fake: FakeOllama) -> None:
    fake.enqueue_reply("three little words")
    lines = call(fake, "/api/chat", chat_body("hi", stream=True))
    assert "".join(line["message"]["content"] for line in lines) == "three little words"
    assert lines[-1]["done"] is True and lines[-1]["message"]["content"] == ""
    assert all(line["done"] is False for line in lines[:-1])


def test_generate_and_pull(fake: FakeOllama) -> None:
    fake.enqueue_reply("generated")
    assert call(fake, "/api/generate", {"model": "m", "prompt": "p", "stream": False})["response"] == "generated"
    statuses = call(fake, "/api/pull", {"model": "qwen3-vl:8b"})
    assert statuses[-1] == {"status": "success"}


def test_requests_are_recorded_with_path_and_body(fake: FakeOllama) -> None:
    call(fake, "/api/chat", chat_body("hi", images=["aW1n"]))
    assert fake.requests[-1]["path"] == "/api/chat"
    assert fake.requests[-1]["body"]["messages"][0]["content"] == "hi"


def test_error_mode_answers_500(fake: FakeOllama) -> None:
    fake.set_mode("error")
    with pytest.raises(urllib.error.HTTPError) as caught:
        call(fake, "/api/chat", chat_body("hi"))
    assert caught.value.code == 500


def test_hang_mode_outlasts_the_client_timeout(fake: FakeOllama) -> None:
    fake.set_mode("hang")
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        call(fake, "/api/chat", chat_body("hi"), timeout=0.3)


def test_stall_mode_hangs_generation_but_answers_the_rest(fake: FakeOllama) -> None:
    fake.set_mode("stall")
    assert call(fake, "/api/version")["version"]
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        call(fake, "/api/chat", chat_body("hi"), timeout=0.3)


def test_down_mode_refuses_connections_then_recovers(fake: FakeOllama) -> None:
    fake.set_mode("down")
    with pytest.raises(urllib.error.URLError):
        call(fake, "/api/version", timeout=1)
    fake.set_mode("ok")
    assert call(fake, "/api/version")["version"]


def test_unknown_path_is_404(fake: FakeOllama) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        call(fake, "/api/nope")
    assert caught.value.code == 404
