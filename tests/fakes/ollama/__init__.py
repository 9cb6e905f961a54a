"""A small fake of the Ollama HTTP API (stdlib only) for tests that cannot run a real model.

Speaks what the LlamaIndex Ollama client sends (see ../shared/verified-recipes.md):
/api/chat (streaming NDJSON or not, with `images` and `format`), /api/generate, /api/show,
/api/tags, /api/version, /api/pull. Usage:

    fake = FakeOllama(port=0).start()   # fake.url -> "http://127.0.0.1:<port>"
    fake.enqueue_reply('{"breed": "Beagle"}')
    fake.set_mode("hang")               # "ok" | "down" | "hang" | "stall" | "error"
                                        # stall: the server answers, generation (/api/chat,
                                        # /api/generate) never does: a stuck model
    fake.requests                       # [{"method", "path", "body"}, ...]
    fake.stop()
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from .replies import reply_text, synthesise

__all__ = ["FakeOllama"]

MODES = ("ok", "down", "hang", "stall", "error")
GENERATION_PATHS = ("/api/chat", "/api/generate")
VERSION = "0.12.7"


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class FakeOllama:
    def __init__(
        self,
        port: int = 0,
        host: str = "127.0.0.1",
        model: str = "qwen3-vl:8b",
        hang_seconds: float = 300.0,
        context_length: int = 32768,
    ) -> None:
        self.host, self.port, self.model = host, port, model
        self.hang_seconds, self.context_length = hang_seconds, context_length
        self.requests: list[dict[str, Any]] = []
        self.mode = "ok"
        self._replies: deque[tuple[str, str | None]] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        self._stopping.clear()
        self._serve()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers that are "hanging"
        self._shutdown()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.mode = mode
        # "down" really refuses connections; any other mode listens again on the same port.
        if mode == "down":
            self._shutdown()
        elif self._server is None and not self._stopping.is_set():
            self._serve()

    def enqueue_reply(self, content: str, thinking: str | None = None) -> None:
        """The next /api/chat (or /api/generate) answers exactly `content` (and `thinking`)."""
        with self._lock:
            self._replies.append((content, thinking))

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._replies.clear()
        self.set_mode("ok")

    # -- internals -----------------------------------------------------------------
    def _serve(self) -> None:
        server = ThreadingHTTPServer((self.host, self.port), _make_handler(self))
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="fake-ollama", daemon=True)
        self._thread.start()

    def _shutdown(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def _next_reply(self) -> tuple[str, str | None] | None:
        with self._lock:
            return self._replies.popleft() if self._replies else None

    def _record(self, method: str, path: str, body: Any) -> None:
        with self._lock:
            self.requests.append({"method": method, "path": path, "body": body})

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _prompt_of(body: dict[str, Any]) -> str:
    if "prompt" in body:
        return str(body.get("system") or "") + "\n" + str(body["prompt"])
    return "\n".join(str(m.get("content") or "") for m in body.get("messages") or [])


def _make_handler(fake: FakeOllama) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, payload: Any, content_type: str = "application/json") -> None:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, lines: list[dict[str, Any]]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for line in lines:
                data = json.dumps(line).encode() + b"\n"
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")

        def do_HEAD(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            self._handle("GET", {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except json.JSONDecodeError:
                self._send(400, {"error": "invalid JSON body"})
                return
            self._handle("POST", body)

        def _handle(self, method: str, body: dict[str, Any]) -> None:
            path = self.path.split("?", 1)[0]
            fake._record(method, path, body)
            if fake.mode == "hang" or (fake.mode == "stall" and path in GENERATION_PATHS):
                fake._stopping.wait(fake.hang_seconds)
                return
            if fake.mode == "error":
                self._send(500, {"error": "fake ollama: internal error"})
                return
            route = ROUTES.get((method, path))
            if route is None:
                self._send(404, {"error": f"{method} {path} not found"})
                return
            route(self, body)

        def root(self, _body: dict[str, Any]) -> None:
            self._send(200, b"Ollama is running", "text/plain; charset=utf-8")

        def version(self, _body: dict[str, Any]) -> None:
            self._send(200, {"version": VERSION})

        def tags(self, _body: dict[str, Any]) -> None:
            details = {"family": "qwen3vl", "parameter_size": "8.8B", "quantization_level": "Q4_K_M"}
            self._send(
                200,
                {
                    "models": [
                        {
                            "name": fake.model,
                            "model": fake.model,
                            "modified_at": _now(),
                            "size": 6_100_000_000,
                            "digest": "0" * 64,
                            "details": details,
                        }
                    ]
                },
            )

        def show(self, body: dict[str, Any]) -> None:
            if not (body.get("model") or body.get("name")):
                self._send(400, {"error": "model is required"})
                return
            info = {"general.architecture": "qwen3vl", "qwen3vl.context_length": fake.context_length}
            self._send(
                200,
                {
                    "model_info": info,
                    "capabilities": ["completion", "vision"],
                    "details": {"family": "qwen3vl", "format": "gguf"},
                    "modified_at": _now(),
                },
            )

        def pull(self, body: dict[str, Any]) -> None:
            statuses: list[dict[str, Any]] = [
                {"status": "pulling manifest"},
                {"status": "pulling 0000", "digest": "sha256:" + "0" * 64, "total": 100, "completed": 100},
                {"status": "verifying sha256 digest"},
                {"status": "writing manifest"},
                {"status": "success"},
            ]
            if body.get("stream", True):
                self._stream(statuses)
            else:
                self._send(200, statuses[-1])

        def chat(self, body: dict[str, Any]) -> None:
            self._complete(body, chat=True)

        def generate(self, body: dict[str, Any]) -> None:
            self._complete(body, chat=False)

        def _complete(self, body: dict[str, Any], chat: bool) -> None:
            if not body.get("model"):
                self._send(400, {"error": "model is required"})
                return
            queued = fake._next_reply()
            fmt, prompt = body.get("format"), _prompt_of(body)
            if queued is not None:
                content, thinking = queued
            else:
                content = json.dumps(synthesise(fmt, prompt)) if fmt else reply_text(prompt)
                thinking = None
            base = {"model": body["model"], "created_at": _now()}
            stats = {
                "done_reason": "stop",
                "total_duration": 1_000_000,
                "prompt_eval_count": len(prompt) // 4,
                "eval_count": max(1, len(content) // 4),
                "eval_duration": 500_000,
            }

            def part(text: str, think: str | None = None) -> dict[str, Any]:
                if chat:
                    msg: dict[str, Any] = {"role": "assistant", "content": text}
                    if think:
                        msg["thinking"] = think
                    return {"message": msg}
                return {"response": text, **({"thinking": think} if think else {})}

            if body.get("stream", True):  # Ollama streams unless told otherwise
                pieces = re.findall(r"\S+\s*|\s+", content) or [""]
                lines = [{**base, **part(p, thinking if i == 0 else None), "done": False} for i, p in enumerate(pieces)]
                self._stream([*lines, {**base, **part(""), "done": True, **stats}])
            else:
                self._send(200, {**base, **part(content, thinking), "done": True, **stats})

    ROUTES = {
        ("GET", "/"): Handler.root,
        ("GET", "/api/version"): Handler.version,
        ("GET", "/api/tags"): Handler.tags,
        ("POST", "/api/show"): Handler.show,
        ("POST", "/api/pull"): Handler.pull,
        ("POST", "/api/chat"): Handler.chat,
        ("POST", "/api/generate"): Handler.generate,
    }
    return Handler
