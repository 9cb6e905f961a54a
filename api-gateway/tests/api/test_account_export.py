"""GET /api/v1/users/me/export: the zip streamed from the services' parts, against real HTTP upstreams."""

import io
import json
import zipfile

import httpx
from starlette.responses import JSONResponse, Response

from smartbreeds_common import identity
from smartbreeds_common.envelope import success
from tests.conftest import make_token

USER_ID = "7f1c1a52-8f4e-4a36-9a38-0d0b9d7a9b11"
PHOTO = "a" * 64 + ".jpg"
MISSING = "b" * 64 + ".png"


def _serve(upstreams, *, ai_export_status: int = 200) -> None:
    upstreams["auth"].responder = lambda request, body: JSONResponse(
        success({"user": {"id": USER_ID, "email": "ann@example.com"}})
    )
    upstreams["user"].responder = lambda request, body: JSONResponse(
        success(
            {
                "profile": {"first_name": "Ann"},
                "pets": [{"id": "p1", "name": "Rex"}],
                "pet_analyses": [{"pet_id": "p1"}],
            }
        )
    )

    def ai(request, body):
        if request.url.path == "/internal/users/me/export":
            data = {"analyses": [{"id": "a1"}], "recommendations": [{"id": "r1"}],
                    "photos": [{"name": PHOTO, "size_bytes": 9}, {"name": MISSING, "size_bytes": 5}]}  # fmt: skip
            return JSONResponse(success(data), status_code=ai_export_status)
        if request.url.path == f"/api/v1/uploads/{PHOTO}":
            return Response(b"JPEGBYTES", media_type="image/jpeg")
        return JSONResponse({"success": False, "data": None, "error": {"code": "UPLOAD_NOT_FOUND"}}, status_code=404)

    upstreams["ai"].responder = ai


def test_the_export_is_a_zip_of_account_json_and_the_photos(gateway, upstreams):
    for upstream in upstreams.values():
        upstream.reset()
    _serve(upstreams)
    gateway.cookies.set("__Host-access_token", make_token(user_id=USER_ID))

    response = gateway.get("/api/v1/users/me/export")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read(f"photos/{PHOTO}") == b"JPEGBYTES"
    account = json.loads(archive.read("account.json"))
    assert account["user"]["email"] == "ann@example.com"
    assert account["profile"] == {"first_name": "Ann"} and account["pets"][0]["name"] == "Rex"
    assert (
        account["pet_analyses"]
        and account["analyses"] == [{"id": "a1"}]
        and account["recommendations"] == [{"id": "r1"}]
    )
    assert account["photos"] == [f"photos/{PHOTO}"] and account["photos_not_included"] == [MISSING]
    # every part was read as the caller, signed by the gateway
    for name in ("user", "ai"):
        headers = httpx.Headers(upstreams[name].seen[0].headers)
        assert identity.verify(gateway.app.state.settings.gateway_signing_secret, headers).user_id == USER_ID
    assert [seen.path for seen in upstreams["user"].seen] == ["/internal/users/me/export"]


def test_a_part_that_cannot_be_read_is_a_503_envelope_not_a_broken_zip(gateway, upstreams):
    for upstream in upstreams.values():
        upstream.reset()
    _serve(upstreams, ai_export_status=500)
    gateway.cookies.set("__Host-access_token", make_token(user_id=USER_ID))

    response = gateway.get("/api/v1/users/me/export")

    assert response.status_code == 503 and response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"


def test_the_export_needs_a_session(gateway):
    response = gateway.get("/api/v1/users/me/export")
    assert response.status_code == 401


def test_the_export_is_documented_as_a_zip(gateway):
    operation = gateway.get("/api/v1/openapi.json").json()["paths"]["/api/v1/users/me/export"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {"application/zip"}
