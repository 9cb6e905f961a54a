"""A real HTTP server standing in for one upstream service: records what reached it, answers as told."""

import asyncio
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from smartbreeds_common.envelope import success


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Seen:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class FakeUpstream:
    port: int = field(default_factory=free_port)
    seen: list[Seen] = field(default_factory=list)
    responder: Callable[[Request, bytes], Response] | None = None
    delay: float = 0.0
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, request: Request) -> Response:
        body = await request.body()
        self.seen.append(
            Seen(request.method, request.url.path, [(k.decode(), v.decode()) for k, v in request.headers.raw], body)
        )
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.responder:
            return self.responder(request, body)
        return JSONResponse(success({"path": request.url.path}))

    def start(self) -> "FakeUpstream":
        app = Starlette(routes=[Route("/{path:path}", self._handle, methods=["GET", "POST", "PATCH", "PUT", "DELETE"])])
        self._server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.time() + 5
        while not self._server.started and time.time() < deadline:
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server and self._thread:
            self._server.should_exit = True
            self._thread.join(timeout=5)

    def reset(self) -> None:
        self.seen.clear()
        self.responder = None
        self.delay = 0.0

    def headers_of(self, index: int = -1) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for name, value in self.seen[index].headers:
            result.setdefault(name.lower(), []).append(value)
        return result


def health_responder(dependencies: dict[str, Any], status: int = 200) -> Callable[[Request, bytes], Response]:
    def respond(request: Request, body: bytes) -> Response:
        return JSONResponse(success({"status": "ok", "dependencies": dependencies}), status_code=status)

    return respond
