"""A small real HTTP server standing in for the user service's two endpoints the AI service calls.

It verifies the gateway signature on every request (as the real service does) and records them.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from smartbreeds_common.envelope import failure, success
from smartbreeds_common.identity import IdentityError, verify

PET_PATH = re.compile(r"^/api/v1/pets/([0-9a-f-]{36})$")
ANALYSES_PATH = re.compile(r"^/internal/pets/([0-9a-f-]{36})/analyses$")
SAVE_PATH = re.compile(r"^/internal/analyses/([0-9a-f-]{36})/save$")


class FakeUserService:
    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.pets: dict[str, dict[str, Any]] = {}  # pet id -> pet (with "owner" user id)
        self.requests: list[dict[str, Any]] = []
        self.saved: dict[str, str] = {}  # source analysis id -> pet id (the real service's unique constraint)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeUserService:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(fake: FakeUserService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _identity_user(self) -> str | None:
            try:
                return verify(fake.secret, self.headers).user_id
            except IdentityError:
                self._send(401, failure("GATEWAY_REQUIRED", "Requests must come through the API gateway."))
                return None

        def do_GET(self) -> None:
            user_id = self._identity_user()
            fake.requests.append({"method": "GET", "path": self.path, "user_id": user_id})
            if user_id is None:
                return
            match = PET_PATH.match(self.path)
            pet = fake.pets.get(match.group(1)) if match else None
            if pet is None or pet["owner"] != user_id:
                self._send(404, failure("PET_NOT_FOUND", "Pet not found."))
                return
            self._send(200, success({k: v for k, v in pet.items() if k != "owner"}))

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            user_id = self._identity_user()
            fake.requests.append({"method": "POST", "path": self.path, "user_id": user_id, "body": body})
            if user_id is None:
                return
            save = SAVE_PATH.match(self.path)
            if save:
                self._save_once(save.group(1), user_id, body)
                return
            match = ANALYSES_PATH.match(self.path)
            pet = fake.pets.get(match.group(1)) if match else None
            if pet is None or pet["owner"] != user_id:
                self._send(404, failure("PET_NOT_FOUND", "Pet not found."))
                return
            if body.get("update_pet_breed"):
                pet["breed"] = body["breed_detected"]
            self._send(201, success({"id": "00000000-0000-4000-8000-000000000001", **body}))

        def _save_once(self, analysis_id: str, user_id: str, body: dict[str, Any]) -> None:
            with fake._lock:
                if analysis_id in fake.saved:  # one record, updated to what is shown now
                    pet = fake.pets[fake.saved[analysis_id]]
                    if body.get("update_pet_breed"):
                        pet["breed"] = body["breed_detected"]
                    self._send(200, success({"pet": _public(pet), "created": False}))
                    return
                created = "pet" in body
                if created:
                    pet_id = str(uuid.uuid4())
                    fake.pets[pet_id] = {"id": pet_id, "owner": user_id, "breed": None, **body["pet"]}
                else:
                    pet_id = body.get("pet_id", "")
                    if fake.pets.get(pet_id, {}).get("owner") != user_id:
                        self._send(404, failure("PET_NOT_FOUND", "Pet not found."))
                        return
                pet = fake.pets[pet_id]
                if body.get("update_pet_breed"):
                    pet["breed"] = body["breed_detected"]
                fake.saved[analysis_id] = pet_id
            self._send(201 if created else 200, success({"pet": _public(pet), "created": created}))

    return Handler


# The fields of the user service's `pet` that a test did not set.
PET_DEFAULTS: dict[str, Any] = {
    "breed": None,
    "breed_confidence": None,
    "age": None,
    "weight": None,
    "health_conditions": [],
    "image_url": None,
    "created_at": "2026-01-13T10:30:00Z",
    "updated_at": "2026-01-13T10:30:00Z",
}


def _public(pet: dict[str, Any]) -> dict[str, Any]:
    """The pet as the user service answers it (every field of the contract's `pet`)."""
    return PET_DEFAULTS | {k: v for k, v in pet.items() if k != "owner"}
