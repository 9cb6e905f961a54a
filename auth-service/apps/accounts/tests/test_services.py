"""Registration, login, refresh rotation and reuse, logout, deletion, admin bootstrap."""

import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from pytest_django.fixtures import Settings
from smartbreeds_common.errors import ApplicationError

from apps.accounts import services
from apps.accounts.models import RefreshToken, Role, Session, User
from apps.accounts.passwords import verify_password
from apps.accounts.revocation import blacklist_key, redis_client
from apps.accounts.services import SessionResult
from apps.accounts.tests.conftest import STRONG_PASSWORD
from apps.accounts.tokens import TokenPair, token_hash

pytestmark = pytest.mark.django_db


def _error_code(func, **kwargs) -> str:
    with pytest.raises(ApplicationError) as caught:
        func(**kwargs)
    return caught.value.code


# --- registration -------------------------------------------------------------------


def test_register_normalises_the_email(registered: SessionResult) -> None:
    assert registered.user.email == "dana@example.com"


def test_register_stores_argon2id_with_owasp_parameters(user: User) -> None:
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert STRONG_PASSWORD not in user.password_hash


def test_register_refuses_an_email_taken_in_another_case(user: User) -> None:
    code = _error_code(services.user_register, email="  DANA@example.COM ", password=STRONG_PASSWORD, name="Other")
    assert code == "EMAIL_TAKEN"


def test_register_stores_the_hash_of_the_refresh_token_not_the_token(registered: SessionResult) -> None:
    row = RefreshToken.objects.get(user=registered.user)
    assert row.token_hash == token_hash(registered.tokens.refresh.token)
    assert registered.tokens.refresh.token not in row.token_hash
    assert row.session_id == registered.tokens.session_id


def test_register_race_on_the_email_index_is_still_email_taken(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if a concurrent registration committed between the check and the insert.
    monkeypatch.setattr(services.selectors, "email_is_taken", lambda *, email: False)
    code = _error_code(services.user_register, email="DANA@example.com", password=STRONG_PASSWORD, name="Twin")
    assert code == "EMAIL_TAKEN"
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Sh0rt!pw", "shorter than 10"),
        ("zebrafinchmango", "one character class"),
        ("Password123", "common password"),
        ("DanaScully1", "similar to the name"),
        ("Example.com99", "similar to the email"),
        ("8273649182736", "entirely numeric"),
    ],
)
def test_register_refuses_weak_passwords(password: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.user_register(email="dana@example.com", password=password, name="Dana Scully")
    assert "password" in caught.value.message_dict, reason
    assert not User.objects.exists()


def test_register_accepts_a_strong_password() -> None:
    result = services.user_register(email="fox@example.com", password="Trust-No-1-ever", name="Fox Mulder")
    assert result.user.role == Role.USER


# --- login --------------------------------------------------------------------------


def test_login_with_any_email_case_succeeds_and_records_last_login(user: User) -> None:
    result = services.session_login(email=" DANA@EXAMPLE.COM", password=STRONG_PASSWORD)
    assert result.user.id == user.id
    user.refresh_from_db()
    assert user.last_login is not None


def test_login_starts_a_new_session_each_time(registered: SessionResult) -> None:
    second = services.session_login(email="dana@example.com", password=STRONG_PASSWORD)
    assert second.tokens.session_id != registered.tokens.session_id


@pytest.mark.parametrize(
    ("email", "password"), [("nobody@example.com", STRONG_PASSWORD), ("dana@example.com", "Wrong-Password-9")]
)
def test_login_failures_share_one_code(user: User, email: str, password: str) -> None:
    assert _error_code(services.session_login, email=email, password=password) == "INVALID_CREDENTIALS"


def test_login_tells_a_deactivated_account_only_after_the_right_password(user: User) -> None:
    User.objects.filter(id=user.id).update(is_active=False)
    assert _error_code(services.session_login, email="dana@example.com", password=STRONG_PASSWORD) == "ACCOUNT_DISABLED"
    wrong = _error_code(services.session_login, email="dana@example.com", password="Wrong-Password-9")
    assert wrong == "INVALID_CREDENTIALS"


def test_unknown_email_costs_as_much_as_a_wrong_password(user: User) -> None:
    def median_seconds(email: str) -> float:
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            with pytest.raises(ApplicationError):
                services.session_login(email=email, password="Wrong-Password-9")
            samples.append(time.perf_counter() - started)
        return sorted(samples)[2]

    median_seconds("nobody@example.com")  # warm the dummy hash
    unknown, wrong = median_seconds("nobody@example.com"), median_seconds("dana@example.com")
    assert unknown > 0.3 * wrong  # without the dummy verification it is ~0.05


def test_login_rehashes_when_parameters_change(user: User, settings: Settings) -> None:
    settings.ARGON2_TIME_COST = 3
    services.session_login(email="dana@example.com", password=STRONG_PASSWORD)
    user.refresh_from_db()
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=3,p=1$")
    assert verify_password(user.password_hash, STRONG_PASSWORD)


# --- refresh ------------------------------------------------------------------------


def test_refresh_rotates_both_tokens_within_the_session(registered: SessionResult) -> None:
    rotated = services.session_refresh(refresh_token=registered.tokens.refresh.token)
    assert rotated.tokens.refresh.token != registered.tokens.refresh.token
    assert rotated.tokens.access.token != registered.tokens.access.token
    assert rotated.tokens.session_id == registered.tokens.session_id
    old = RefreshToken.objects.get(token_hash=token_hash(registered.tokens.refresh.token))
    new = RefreshToken.objects.get(token_hash=token_hash(rotated.tokens.refresh.token))
    assert old.revoked and old.replaced_by_id == new.id
    assert not new.revoked


def test_reused_refresh_token_revokes_the_whole_session(registered: SessionResult) -> None:
    other_session = services.session_login(email="dana@example.com", password=STRONG_PASSWORD)
    rotated = services.session_refresh(refresh_token=registered.tokens.refresh.token)
    assert _error_code(services.session_refresh, refresh_token=registered.tokens.refresh.token) == "TOKEN_REUSED"
    # The newest token of that session stops working too; other sessions are untouched.
    assert _error_code(services.session_refresh, refresh_token=rotated.tokens.refresh.token) == "TOKEN_REVOKED"
    assert services.session_refresh(refresh_token=other_session.tokens.refresh.token).user.id == registered.user.id


def test_refresh_refuses_an_expired_row(registered: SessionResult) -> None:
    RefreshToken.objects.update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert _error_code(services.session_refresh, refresh_token=registered.tokens.refresh.token) == "TOKEN_EXPIRED"


def test_refresh_refuses_a_token_without_a_row(registered: SessionResult) -> None:
    RefreshToken.objects.all().delete()
    assert _error_code(services.session_refresh, refresh_token=registered.tokens.refresh.token) == "TOKEN_INVALID"


def test_refresh_refuses_an_inactive_user(registered: SessionResult) -> None:
    User.objects.update(is_active=False)
    assert _error_code(services.session_refresh, refresh_token=registered.tokens.refresh.token) == "TOKEN_REVOKED"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_refreshes_with_one_token_cannot_both_succeed(monkeypatch: pytest.MonkeyPatch) -> None:
    registered = services.user_register(email="race@example.com", password=STRONG_PASSWORD, name="Race Car")
    issue = services.issue_token_pair

    def slow_issue(**kwargs: Any) -> TokenPair:
        time.sleep(0.3)  # widen the window between reading the row and rotating it
        return issue(**kwargs)

    monkeypatch.setattr(services, "issue_token_pair", slow_issue)
    token = registered.tokens.refresh.token
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def refresh() -> None:
        try:
            barrier.wait()
            services.session_refresh(refresh_token=token)
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["TOKEN_REUSED", "ok"]
    assert not RefreshToken.objects.filter(session_id=registered.tokens.session_id, revoked=False).exists()


# --- logout and deletion ------------------------------------------------------------


def test_logout_blacklists_the_access_token_for_its_remaining_life(registered: SessionResult) -> None:
    services.session_logout(access_token=registered.tokens.access.token, user_id=str(registered.user.id))
    key = blacklist_key(registered.tokens.access.jti)
    ttl = redis_client().ttl(key)
    remaining = (registered.tokens.access.expires_at - datetime.now(UTC)).total_seconds()
    assert abs(ttl - remaining) <= 5
    assert registered.tokens.access.jti not in key  # the key holds a digest of the jti


def test_logout_revokes_the_refresh_tokens_of_the_session_only(registered: SessionResult) -> None:
    other_session = services.session_login(email="dana@example.com", password=STRONG_PASSWORD)
    services.session_logout(access_token=registered.tokens.access.token, user_id=str(registered.user.id))
    assert _error_code(services.session_refresh, refresh_token=registered.tokens.refresh.token) == "TOKEN_REVOKED"
    assert services.session_refresh(refresh_token=other_session.tokens.refresh.token)


def test_logout_twice_is_refused_as_revoked(registered: SessionResult) -> None:
    services.session_logout(access_token=registered.tokens.access.token, user_id=None)
    code = _error_code(services.session_logout, access_token=registered.tokens.access.token, user_id=None)
    assert code == "TOKEN_REVOKED"


def test_logout_refuses_a_token_of_another_user_than_the_gateway_vouched_for(registered: SessionResult) -> None:
    code = _error_code(services.session_logout, access_token=registered.tokens.access.token, user_id=str(uuid.uuid4()))
    assert code == "TOKEN_INVALID"


def test_user_delete_removes_user_and_tokens_and_blacklists_access(registered: SessionResult) -> None:
    services.user_delete(
        user_id=str(registered.user.id), access_token=registered.tokens.access.token, password=STRONG_PASSWORD
    )
    assert not User.objects.exists()
    assert not RefreshToken.objects.exists()
    assert redis_client().exists(blacklist_key(registered.tokens.access.jti))


# --- admin bootstrap ------------------------------------------------------------------


def test_create_admin_creates_then_is_idempotent() -> None:
    first, outcome = services.user_create_admin(email="Admin@Example.com", password="Admin-Pass-2026")
    again, outcome_again = services.user_create_admin(email="admin@example.com", password="Admin-Pass-2026")
    assert (outcome, outcome_again) == ("created", "updated")
    assert first.id == again.id
    assert User.objects.filter(role=Role.ADMIN).count() == 1


def test_create_admin_refuses_to_promote_an_existing_user_by_default(user: User) -> None:
    with pytest.raises(services.AdminConflictError):
        services.user_create_admin(email="DANA@example.com", password="New-Admin-Pass-7")
    user.refresh_from_db()
    assert user.role == Role.USER
    assert verify_password(user.password_hash, STRONG_PASSWORD)


def test_create_admin_promotes_on_request_resets_the_password_and_ends_every_session(
    registered: SessionResult,
) -> None:
    user = registered.user
    _, outcome = services.user_create_admin(
        email="dana@example.com", password="New-Admin-Pass-7", promote_existing=True
    )
    user.refresh_from_db()
    assert outcome == "promoted" and user.role == Role.ADMIN
    assert verify_password(user.password_hash, "New-Admin-Pass-7")
    assert _error_code(services.session_refresh, refresh_token=registered.tokens.refresh.token) == "TOKEN_REVOKED"
    assert not Session.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_create_admin_refuses_a_weak_password() -> None:
    with pytest.raises(ValidationError):
        services.user_create_admin(email="admin@example.com", password="admin")
    assert not User.objects.exists()
