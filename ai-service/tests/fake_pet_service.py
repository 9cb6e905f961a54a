"""The user service's pet list and pet endpoints (GET /api/v1/pets[/{id}]), as the recommendation jobs
call them: a real HTTP server for the whole session, since the Celery workers (other processes) call it too."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from smartbreeds_common.identity import IdentityError, verify


class FakePetService:
    """The user service's pet endpoints, checking the gateway signature like the real one."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.pets: dict[str, dict[str, dict[str, Any]]] = {}  # user_id -> pet_id -> pet
        self.requests: list[tuple[str, str]] = []
        self.fail_list = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def add_pet(self, user_id: str, **fields: Any) -> dict[str, Any]:
        now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        pet: dict[str, Any] = {"id": str(uuid.uuid4()), "name": "Rex", "species": "dog", "breed": None, "breed_confidence": None, "age": None,
               "weight": None, "health_conditions": [], "image_url": None, "created_at": now, "updated_at": now}  # fmt: skip
        pet.update(fields)
        self.pets.setdefault(user_id, {})[pet["id"]] = pet
        return pet

    def update_pet(self, user_id: str, pet_id: str, **fields: Any) -> None:
        self.pets[user_id][pet_id].update(fields, updated_at=datetime.now(UTC).isoformat().replace("+00:00", "Z"))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _send(self, status: int, payload: Any) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                fake.requests.append(("GET", self.path))
                try:
                    ident = verify(fake.secret, self.headers)
                except IdentityError:
                    self._send(401, {"success": False, "data": None, "error": {"code": "GATEWAY_REQUIRED"}})
                    return
                pets = fake.pets.get(ident.user_id, {})
                if self.path == "/api/v1/pets":
                    if fake.fail_list:
                        self._send(500, {"success": False, "data": None, "error": {"code": "INTERNAL_ERROR"}})
                        return
                    self._send(200, {"success": True, "data": list(pets.values()), "error": None})
                    return
                pet = pets.get(self.path.removeprefix("/api/v1/pets/"))
                if pet is None:
                    self._send(
                        404,
                        {
                            "success": False,
                            "data": None,
                            "error": {"code": "PET_NOT_FOUND", "message": "Pet not found."},
                        },
                    )
                    return
                self._send(200, {"success": True, "data": pet, "error": None})

        return Handler

    def reset(self) -> None:
        self.requests.clear()
        self.fail_list = False

    def start(self) -> FakePetService:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
