"""Every API answer says how it may be cached: personal answers `no-store`, photos the AI service's
`private` policy (never a shared cache)."""

from starlette.requests import Request
from starlette.responses import Response

from tests.conftest import make_token


def _photo(request: Request, body: bytes) -> Response:
    return Response(b"\xff\xd8\xff", media_type="image/jpeg", headers={"Cache-Control": "private, max-age=86400"})


def test_personal_answers_are_no_store(gateway, upstreams) -> None:
    gateway.cookies.set("__Host-access_token", make_token())
    assert gateway.get("/api/v1/pets").headers["cache-control"] == "no-store"  # proxied
    assert gateway.get("/api/v1/auth/sessions").headers["cache-control"] == "no-store"
    assert gateway.get("/api/v1/health").headers["cache-control"] == "no-store"  # a route of the gateway itself


def test_errors_are_no_store_too(gateway) -> None:
    response = gateway.get("/api/v1/pets")  # no cookie: 401 from the gateway itself
    assert (response.status_code, response.headers["cache-control"]) == (401, "no-store")


def test_a_photo_keeps_its_private_policy(gateway, upstreams) -> None:
    upstreams["ai"].responder = _photo
    gateway.cookies.set("__Host-access_token", make_token())
    response = gateway.get(f"/api/v1/uploads/{'ab' * 32}.jpg")
    assert response.headers.get_list("cache-control") == ["private, max-age=86400"]
