"""decode_token refuses every token that is not a valid, unexpired token of the expected type."""

import base64
import json
import math
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pytest_django.fixtures import Settings as SettingsWrapper
from smartbreeds_common.errors import ApplicationError

from apps.accounts.models import User
from apps.accounts.tokens import decode_token, issue_token_pair


def _user() -> User:
    return User(id=uuid.uuid4(), email="a@example.com", name="A", role="user")


def _claims(**overrides: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "user_id": str(uuid.uuid4()),
        "email": "a@example.com",
        "role": "user",
        "sid": str(uuid.uuid4()),
        "jti": uuid.uuid4().hex,
        "type": "access",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
        "iss": "smartbreeds-auth",
        "aud": "smartbreeds",
    }
    claims.update(overrides)
    return claims


def _sign(claims: dict[str, object], key: str = "test-jwt-secret-with-enough-length-for-hs256") -> str:
    return jwt.encode(claims, key, algorithm="HS256")


def _code(token: str, expected_type: str = "access") -> str:
    with pytest.raises(ApplicationError) as caught:
        decode_token(token, expected_type=expected_type)  # type: ignore[arg-type]
    return caught.value.code


def test_issued_access_token_has_the_contract_claims() -> None:
    user = _user()
    session_id = uuid.uuid4()
    claims = decode_token(issue_token_pair(user=user, session_id=session_id).access.token, expected_type="access")
    assert claims["user_id"] == str(user.id)
    assert claims["email"] == user.email
    assert claims["role"] == "user"
    assert claims["sid"] == str(session_id)
    assert claims["type"] == "access"
    assert claims["exp"] - math.floor(claims["iat"]) == 86400
    assert {"jti", "iss", "aud"} <= claims.keys()


def test_access_and_refresh_share_the_session_id_and_refresh_lives_seven_days() -> None:
    pair = issue_token_pair(user=_user(), session_id=uuid.uuid4())
    access = decode_token(pair.access.token, expected_type="access")
    refresh = decode_token(pair.refresh.token, expected_type="refresh")
    assert access["sid"] == refresh["sid"]
    assert access["jti"] != refresh["jti"]
    assert refresh["exp"] - math.floor(refresh["iat"]) == 604800


def test_alg_none_is_refused() -> None:
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=")
    payload = base64.urlsafe_b64encode(json.dumps(_claims()).encode()).rstrip(b"=")
    assert _code(f"{header.decode()}.{payload.decode()}.") == "TOKEN_INVALID"


def test_wrong_key_is_refused() -> None:
    assert _code(_sign(_claims(), key="another-secret-of-sufficient-length-000")) == "TOKEN_INVALID"


def test_expired_token_is_refused_as_expired() -> None:
    past = datetime.now(UTC) - timedelta(hours=2)
    token = _sign(_claims(iat=int(past.timestamp()), exp=int((past + timedelta(hours=1)).timestamp())))
    assert _code(token) == "TOKEN_EXPIRED"


def test_tampered_payload_is_refused() -> None:
    header, _payload, signature = _sign(_claims()).split(".")
    forged = base64.urlsafe_b64encode(json.dumps(_claims(role="admin")).encode()).rstrip(b"=").decode()
    assert _code(f"{header}.{forged}.{signature}") == "TOKEN_INVALID"


def test_refresh_token_used_as_access_is_refused() -> None:
    pair = issue_token_pair(user=_user(), session_id=uuid.uuid4())
    assert _code(pair.refresh.token, "access") == "TOKEN_INVALID"
    assert _code(pair.access.token, "refresh") == "TOKEN_INVALID"


@pytest.mark.parametrize("claim", ["iss", "aud"])
def test_wrong_issuer_or_audience_is_refused(claim: str) -> None:
    assert _code(_sign(_claims(**{claim: "someone-else"}))) == "TOKEN_INVALID"


@pytest.mark.parametrize("claim", ["jti", "sid", "exp", "type", "user_id"])
def test_missing_claim_is_refused(claim: str) -> None:
    claims = _claims()
    del claims[claim]
    assert _code(_sign(claims)) == "TOKEN_INVALID"


def test_rs256_by_configuration(settings: SettingsWrapper, tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_file, public_file = tmp_path / "private.pem", tmp_path / "public.pem"
    private_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    public_file.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    settings.JWT_ALGORITHM = "RS256"
    settings.JWT_PRIVATE_KEY_FILE = str(private_file)
    settings.JWT_PUBLIC_KEY_FILE = str(public_file)
    token = issue_token_pair(user=_user(), session_id=uuid.uuid4()).access.token
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    assert decode_token(token, expected_type="access")["type"] == "access"
    # An HS256 token signed with the public key (the classic key-confusion attack) is refused.
    assert _code(jwt.encode(_claims(), "x" * 64, algorithm="HS256")) == "TOKEN_INVALID"
