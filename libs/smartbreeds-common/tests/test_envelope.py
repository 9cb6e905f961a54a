import re
import uuid

from smartbreeds_common import envelope
from smartbreeds_common.request_id import accept_or_new


def test_failure_shape() -> None:
    body = envelope.failure("PET_NOT_FOUND", "No such pet.")
    assert body["success"] is False and body["data"] is None
    assert body["error"] == {"code": "PET_NOT_FOUND", "message": "No such pet.", "details": {}}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["timestamp"])


def test_success_is_recognised_as_envelope() -> None:
    assert envelope.is_envelope(envelope.success({"a": 1}))
    assert not envelope.is_envelope({"a": 1})


def test_request_id_keeps_valid_uuid_and_replaces_garbage() -> None:
    given = str(uuid.uuid4())
    assert accept_or_new(given) == given
    replaced = accept_or_new("not-a-uuid\r\nX-Evil: 1")
    assert uuid.UUID(replaced)
