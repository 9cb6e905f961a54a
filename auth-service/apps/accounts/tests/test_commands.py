"""create_admin and ensure_admin: idempotent, promote existing accounts, refuse bad input."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings

from apps.accounts import services
from apps.accounts.models import RefreshToken, Role, User
from apps.accounts.passwords import verify_password
from apps.accounts.services import SessionResult

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_admin_is_idempotent_and_resets_the_password() -> None:
    assert "created" in _run("create_admin", "--email", "root@example.com", "--password", "First-Admin-Pw1")
    assert "updated" in _run("create_admin", "--email", "ROOT@example.com", "--password", "Second-Admin-Pw2")
    admin = User.objects.get()
    assert admin.role == Role.ADMIN
    assert verify_password(admin.password_hash, "Second-Admin-Pw2")


def test_create_admin_refuses_an_existing_user_with_a_clear_message(user: User) -> None:
    with pytest.raises(CommandError, match="--promote-existing"):
        _run("create_admin", "--email", "dana@example.com", "--password", "Promoted-Admin-3")
    user.refresh_from_db()
    assert user.role == Role.USER


def test_create_admin_promotes_an_existing_user_with_the_flag(user: User) -> None:
    out = _run("create_admin", "--email", "dana@example.com", "--password", "Promoted-Admin-3", "--promote-existing")
    assert "promoted" in out
    user.refresh_from_db()
    assert user.role == Role.ADMIN
    assert User.objects.count() == 1


def test_ensure_admin_never_promotes_and_carries_on(registered: SessionResult, settings: Settings) -> None:
    settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD = "dana@example.com", "Kennel-Keeper-55"
    err = StringIO()
    call_command("ensure_admin", stdout=StringIO(), stderr=err)  # no CommandError: start-up goes on
    assert "not an admin" in err.getvalue() and str(registered.user.id) in err.getvalue()
    user = User.objects.get()
    assert user.role == Role.USER
    assert verify_password(user.password_hash, "Correct-Horse-42")
    assert services.session_refresh(refresh_token=registered.tokens.refresh.token).user.id == user.id


@pytest.mark.parametrize(("email", "password"), [("not-an-email", "Valid-Admin-Pw4"), ("root@example.com", "weak")])
def test_create_admin_refuses_bad_input(email: str, password: str) -> None:
    with pytest.raises(CommandError):
        _run("create_admin", "--email", email, "--password", password)
    assert not User.objects.exists()


def test_ensure_admin_uses_the_environment_settings(settings: Settings) -> None:
    settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD = "boot@example.com", "Kennel-Keeper-55"
    _run("ensure_admin")
    _run("ensure_admin")
    admin = User.objects.get()
    assert admin.email == "boot@example.com" and admin.role == Role.ADMIN


def test_ensure_admin_without_settings_does_nothing() -> None:
    assert "nothing to do" in _run("ensure_admin")
    assert not User.objects.exists()


def test_ensure_admin_with_half_the_settings_fails(settings: Settings) -> None:
    settings.ADMIN_EMAIL = "boot@example.com"
    with pytest.raises(CommandError):
        _run("ensure_admin")


def test_purge_refresh_tokens_deletes_only_expired_rows(registered: SessionResult) -> None:
    expired = services.session_login(email="dana@example.com", password="Correct-Horse-42")
    RefreshToken.objects.filter(session_id=expired.tokens.session_id).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    assert "deleted 1" in _run("purge_refresh_tokens")
    assert list(RefreshToken.objects.values_list("session_id", flat=True)) == [registered.tokens.session_id]
