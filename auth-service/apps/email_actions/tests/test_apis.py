"""Each mailed-link flow through the real SMTP path: the message is received, its link followed, the
result checked. Transactional: the mail leaves when the event's transaction commits."""

from __future__ import annotations

import re
import threading
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from pytest_django.fixtures import Settings

from apps.accounts.models import Role, User
from apps.accounts.passwords import verify_password
from apps.accounts.tests.conftest import STRONG_PASSWORD, GatewayClient
from apps.email_actions.models import AccountToken, AdminResetLinkAudit
from apps.mail.models import EmailState, OutboundEmail
from apps.mail.tests.smtp import SmtpServer, bodies, free_port, mailers_for

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db(transaction=True)

AUTH = "/api/v1/auth"
NEW_PASSWORD = "Brand-New-Horse-77"
LINK = re.compile(r"https://[^\s\"<]+#token=([A-Za-z0-9_-]+)")


def _code(response: TestResponse) -> str:
    return str(response.json()["error"]["code"])


def _cookies(response: TestResponse) -> dict[str, str]:
    return {name: morsel.value for name, morsel in response.cookies.items()}


class Account:
    """A user registered through the API, with the cookies of that session."""

    def __init__(self, gateway: GatewayClient, email: str, name: str = "Dana Scully") -> None:
        self.gateway = gateway
        response = gateway.request(
            "POST", f"{AUTH}/register", json={"email": email, "password": STRONG_PASSWORD, "name": name}
        )
        assert response.status_code == 201, response.json()
        self.user_id = response.json()["data"]["user"]["id"]
        self.email = email
        self.cookies = _cookies(response)

    def call(self, method: str, path: str, **kwargs: Any) -> TestResponse:
        return self.gateway.request(method, path, user_id=self.user_id, role="user", cookies=self.cookies, **kwargs)

    def me(self) -> TestResponse:
        return self.call("GET", f"{AUTH}/me")


def _link(message: EmailMessage) -> tuple[str, str]:
    """(url, token) of the link in a mail, the same in both bodies."""
    text, html = bodies(message)
    found = LINK.search(text)
    assert found is not None, text
    assert found.group(0) in html
    return found.group(0), found.group(1)


def _verified(smtp: SmtpServer, gateway: GatewayClient, email: str = "dana@example.com") -> Account:
    account = Account(gateway, email)
    (mail,) = smtp.inbox.wait_for(1)
    _, token = _link(mail)
    assert gateway.request("POST", f"{AUTH}/email/verify", json={"token": token}).status_code == 200
    return account


def _forgot(gateway: GatewayClient, email: str) -> TestResponse:
    return gateway.request("POST", f"{AUTH}/password/forgot", json={"email": email})


def _login(gateway: GatewayClient, email: str, password: str) -> TestResponse:
    return gateway.request("POST", f"{AUTH}/login", json={"email": email, "password": password})


# --- verification ------------------------------------------------------------------------------


def test_registration_mails_a_verification_link_that_verifies_the_address_once(
    smtp: SmtpServer, gateway: GatewayClient
) -> None:
    account = Account(gateway, "dana@example.com")
    assert account.me().json()["data"]["user"]["email_verified"] is False  # the account works at once

    (mail,) = smtp.inbox.wait_for(1)
    assert mail["To"] == "dana@example.com" and "SmartBreeds" in mail["Subject"]
    text, html = bodies(mail)
    for body in (text, html):
        assert "SmartBreeds" in body and "expires in 48 hours" in body
    url, token = _link(mail)
    assert url.startswith("https://localhost:8443/verify-email#token=")

    verified = gateway.request("POST", f"{AUTH}/email/verify", json={"token": token})
    assert verified.status_code == 200 and verified.json()["data"]["user"]["email_verified"] is True
    assert account.me().json()["data"]["user"]["email_verified"] is True
    reused = gateway.request("POST", f"{AUTH}/email/verify", json={"token": token})
    assert (reused.status_code, _code(reused)) == (400, "TOKEN_INVALID")


def test_only_a_hash_of_each_link_is_stored(smtp: SmtpServer, gateway: GatewayClient) -> None:
    Account(gateway, "dana@example.com")
    _, token = _link(smtp.inbox.wait_for(1)[0])
    stored = AccountToken.objects.get()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_resend_sends_a_new_link_that_supersedes_the_first_and_is_rate_limited(
    smtp: SmtpServer, gateway: GatewayClient
) -> None:
    account = Account(gateway, "dana@example.com")
    _, first = _link(smtp.inbox.wait_for(1)[0])

    resent = account.call("POST", f"{AUTH}/email/verify/resend")
    assert (resent.status_code, resent.json()["data"]) == (202, {"sent": True})
    _, second = _link(smtp.inbox.wait_for(2)[1])
    again = account.call("POST", f"{AUTH}/email/verify/resend")
    assert again.status_code == 429 and int(again["Retry-After"]) > 0
    assert len(smtp.inbox.messages) == 2

    old = gateway.request("POST", f"{AUTH}/email/verify", json={"token": first})
    assert (old.status_code, _code(old)) == (400, "TOKEN_INVALID")
    assert gateway.request("POST", f"{AUTH}/email/verify", json={"token": second}).status_code == 200


def test_an_expired_verification_link_is_refused(smtp: SmtpServer, gateway: GatewayClient) -> None:
    Account(gateway, "dana@example.com")
    _, token = _link(smtp.inbox.wait_for(1)[0])
    AccountToken.objects.update(expires_at=datetime.now(UTC) - timedelta(seconds=1))

    response = gateway.request("POST", f"{AUTH}/email/verify", json={"token": token})
    assert (response.status_code, _code(response)) == (400, "TOKEN_INVALID")


# --- password reset ------------------------------------------------------------------------------


def test_forgot_answers_the_same_for_unknown_unverified_and_verified_addresses_and_mails_only_the_verified(
    smtp: SmtpServer, gateway: GatewayClient
) -> None:
    _verified(smtp, gateway, "dana@example.com")
    Account(gateway, "fox@example.com")  # never verified
    smtp.inbox.wait_for(2)

    answers = [_forgot(gateway, email) for email in ("nobody@example.com", "fox@example.com", "Dana@Example.com")]
    assert {response.status_code for response in answers} == {202}
    assert len({str(response.json()["data"]) for response in answers}) == 1

    messages = smtp.inbox.wait_for(3)
    assert [message["To"] for message in messages[2:]] == ["dana@example.com"]
    assert OutboundEmail.objects.filter(kind="password_reset").count() == 1


def test_a_reset_link_sets_the_password_once_ends_every_session_and_mails_a_notice(
    smtp: SmtpServer, gateway: GatewayClient
) -> None:
    account = _verified(smtp, gateway)
    other_device = _login(gateway, account.email, STRONG_PASSWORD)
    assert _forgot(gateway, account.email).status_code == 202
    reset_mail = smtp.inbox.wait_for(2)[1]
    text, html = bodies(reset_mail)
    assert "SmartBreeds" in text and "expires in 30 minutes" in text and "expires in 30 minutes" in html
    url, token = _link(reset_mail)
    assert url.startswith("https://localhost:8443/reset-password#token=")

    response = gateway.request("POST", f"{AUTH}/password/reset", json={"token": token, "new_password": NEW_PASSWORD})

    assert response.status_code == 200
    assert (account.me().status_code, _code(account.me())) == (401, "TOKEN_REVOKED")
    device = gateway.request("GET", f"{AUTH}/me", user_id=account.user_id, role="user", cookies=_cookies(other_device))
    assert _code(device) == "TOKEN_REVOKED"
    assert _code(_login(gateway, account.email, STRONG_PASSWORD)) == "INVALID_CREDENTIALS"
    assert _login(gateway, account.email, NEW_PASSWORD).status_code == 200
    notice = smtp.inbox.wait_for(3)[2]
    assert notice["To"] == account.email and "password was changed" in notice["Subject"]
    assert "SmartBreeds" in bodies(notice)[0]

    reused = gateway.request("POST", f"{AUTH}/password/reset", json={"token": token, "new_password": "Other-Horse-99"})
    assert (reused.status_code, _code(reused)) == (400, "TOKEN_INVALID")
    assert verify_password(User.objects.get().password_hash, NEW_PASSWORD)


def test_a_weak_new_password_is_refused_without_spending_the_link(smtp: SmtpServer, gateway: GatewayClient) -> None:
    account = _verified(smtp, gateway)
    _forgot(gateway, account.email)
    _, token = _link(smtp.inbox.wait_for(2)[1])

    weak = gateway.request("POST", f"{AUTH}/password/reset", json={"token": token, "new_password": "short"})
    assert (weak.status_code, _code(weak)) == (400, "VALIDATION_ERROR")
    assert "new_password" in weak.json()["error"]["details"]
    good = gateway.request("POST", f"{AUTH}/password/reset", json={"token": token, "new_password": NEW_PASSWORD})
    assert good.status_code == 200


def test_an_expired_reset_link_is_refused(smtp: SmtpServer, gateway: GatewayClient) -> None:
    account = _verified(smtp, gateway)
    _forgot(gateway, account.email)
    _, token = _link(smtp.inbox.wait_for(2)[1])
    AccountToken.objects.update(expires_at=datetime.now(UTC) - timedelta(seconds=1))

    response = gateway.request("POST", f"{AUTH}/password/reset", json={"token": token, "new_password": NEW_PASSWORD})
    assert (response.status_code, _code(response)) == (400, "TOKEN_INVALID")
    assert _login(gateway, account.email, STRONG_PASSWORD).status_code == 200


def test_a_reset_link_dies_when_the_password_changes_another_way(smtp: SmtpServer, gateway: GatewayClient) -> None:
    account = _verified(smtp, gateway)
    _forgot(gateway, account.email)
    _, token = _link(smtp.inbox.wait_for(2)[1])
    changed = account.call(
        "POST", f"{AUTH}/password", json={"current_password": STRONG_PASSWORD, "new_password": "Changed-Horse-55"}
    )
    assert changed.status_code == 200

    response = gateway.request("POST", f"{AUTH}/password/reset", json={"token": token, "new_password": NEW_PASSWORD})
    assert (response.status_code, _code(response)) == (400, "TOKEN_INVALID")


def test_a_newer_reset_link_supersedes_the_older(smtp: SmtpServer, gateway: GatewayClient) -> None:
    account = _verified(smtp, gateway)
    _forgot(gateway, account.email)
    _forgot(gateway, account.email)
    mails = smtp.inbox.wait_for(3)
    (_, first), (_, second) = _link(mails[1]), _link(mails[2])

    old = gateway.request("POST", f"{AUTH}/password/reset", json={"token": first, "new_password": NEW_PASSWORD})
    assert (old.status_code, _code(old)) == (400, "TOKEN_INVALID")
    new = gateway.request("POST", f"{AUTH}/password/reset", json={"token": second, "new_password": NEW_PASSWORD})
    assert new.status_code == 200


def test_smtp_down_during_a_reset_the_link_is_delivered_later_once(
    smtp: SmtpServer, gateway: GatewayClient, settings: Settings
) -> None:
    from apps.mail import tasks

    account = _verified(smtp, gateway)
    down_port = free_port()
    settings.MAILERS = mailers_for(down_port)  # SMTP is down

    assert _forgot(gateway, account.email).status_code == 202  # the user is told nothing different
    pending = OutboundEmail.objects.get(kind="password_reset")
    assert (pending.state, pending.attempts) == (EmailState.PENDING, 1)

    late = SmtpServer(down_port).start()
    try:
        OutboundEmail.objects.filter(id=pending.id).update(next_attempt_at=datetime.now(UTC))
        tasks.deliver_due_emails()  # the beat task
        tasks.deliver_due_emails()
        (mail,) = late.inbox.wait_for(1)
        _, token = _link(mail)
    finally:
        late.stop()
    assert len(late.inbox.messages) == 1
    response = gateway.request("POST", f"{AUTH}/password/reset", json={"token": token, "new_password": NEW_PASSWORD})
    assert response.status_code == 200


def test_forgot_is_limited_per_address_whether_or_not_it_has_an_account(
    smtp: SmtpServer, gateway: GatewayClient, settings: Settings
) -> None:
    settings.PASSWORD_FORGOT_PER_ADDRESS_PER_HOUR = 2
    for email in ("ghost@example.com", "other-ghost@example.com"):
        assert [_forgot(gateway, email).status_code for _ in range(3)] == [202, 202, 429]
    assert _forgot(gateway, "third@example.com").status_code == 202


def test_forgot_never_answers_before_the_floor(smtp: SmtpServer, gateway: GatewayClient, settings: Settings) -> None:
    settings.PASSWORD_FORGOT_MIN_SECONDS = 0.1
    started = time.monotonic()
    assert _forgot(gateway, "nobody@example.com").status_code == 202
    assert time.monotonic() - started >= 0.1


def test_a_reset_racing_a_login_with_the_old_password_leaves_no_session_of_the_old_password(
    smtp: SmtpServer, gateway: GatewayClient
) -> None:
    from apps.accounts import services as account_services
    from apps.accounts.revocation import ensure_not_revoked
    from apps.accounts.tokens import decode_token
    from apps.email_actions import services

    account = _verified(smtp, gateway)
    for round_ in range(3):
        _forgot(gateway, account.email)
        _, token = _link(smtp.inbox.wait_for(2 + 2 * round_)[-1])
        old_password = STRONG_PASSWORD if round_ == 0 else f"{NEW_PASSWORD}{round_ - 1}"
        start = threading.Barrier(2)
        logins: list[Any] = []

        def login(
            start: threading.Barrier = start, logins: list[Any] = logins, old_password: str = old_password
        ) -> None:
            try:
                start.wait()
                logins.append(account_services.session_login(email=account.email, password=old_password))
            except Exception as exc:  # noqa: BLE001 - the refusal is one of the two allowed outcomes
                logins.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=login)
        thread.start()
        start.wait()
        services.password_reset(token=token, new_password=f"{NEW_PASSWORD}{round_}")
        thread.join(10)
        assert len(smtp.inbox.wait_for(3 + 2 * round_)) == 3 + 2 * round_  # the notice

        (outcome,) = logins
        if not isinstance(outcome, Exception):  # the login won: its session must be dead all the same
            claims = decode_token(outcome.tokens.access.token, expected_type="access")
            with pytest.raises(Exception, match="revoked"):
                ensure_not_revoked(claims)
        user = User.objects.get()
        assert verify_password(user.password_hash, f"{NEW_PASSWORD}{round_}")  # never the old hash written back
        assert not verify_password(user.password_hash, old_password)


# --- email change ------------------------------------------------------------------------------


def test_email_change_is_confirmed_from_the_new_address_and_the_old_one_gets_a_notice(
    smtp: SmtpServer, gateway: GatewayClient
) -> None:
    account = _verified(smtp, gateway)
    response = account.call(
        "POST", f"{AUTH}/email/change", json={"new_email": " Fox@Example.COM ", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 202
    confirm = smtp.inbox.wait_for(2)[1]
    assert confirm["To"] == "fox@example.com"  # normalised as at registration
    text, _ = bodies(confirm)
    assert "SmartBreeds" in text and "expires in 24 hours" in text
    url, token = _link(confirm)
    assert url.startswith("https://localhost:8443/confirm-email-change#token=")
    assert account.me().json()["data"]["user"]["email"] == "dana@example.com"  # nothing changes before

    confirmed = gateway.request("POST", f"{AUTH}/email/change/confirm", json={"token": token})

    assert confirmed.status_code == 200
    assert confirmed.json()["data"]["user"] | {"id": ""} == confirmed.json()["data"]["user"] | {
        "id": "",
        "email": "fox@example.com",
        "email_verified": True,
    }
    notice = smtp.inbox.wait_for(3)[2]
    assert notice["To"] == "dana@example.com" and "email address was changed" in notice["Subject"]
    notice_text = bodies(notice)[0]
    assert "f***@example.com" in notice_text and "support@smartbreeds.local" in notice_text
    assert notice["Reply-To"] == "support@smartbreeds.local"  # the way to report it
    assert _login(gateway, "fox@example.com", STRONG_PASSWORD).status_code == 200
    assert _code(_login(gateway, "dana@example.com", STRONG_PASSWORD)) == "INVALID_CREDENTIALS"
    reused = gateway.request("POST", f"{AUTH}/email/change/confirm", json={"token": token})
    assert (reused.status_code, _code(reused)) == (400, "TOKEN_INVALID")


def test_email_change_with_a_wrong_password_is_invalid_credentials_and_the_session_goes_on(
    smtp: SmtpServer, gateway: GatewayClient
) -> None:
    account = _verified(smtp, gateway)
    response = account.call(
        "POST", f"{AUTH}/email/change", json={"new_email": "fox@example.com", "password": "Wrong-Horse-1"}
    )
    assert (response.status_code, _code(response)) == (401, "INVALID_CREDENTIALS")
    assert account.me().status_code == 200
    assert len(smtp.inbox.messages) == 1


def test_email_change_to_an_address_in_use_is_email_exists(smtp: SmtpServer, gateway: GatewayClient) -> None:
    account = _verified(smtp, gateway)
    Account(gateway, "fox@example.com")
    response = account.call(
        "POST", f"{AUTH}/email/change", json={"new_email": "FOX@example.com", "password": STRONG_PASSWORD}
    )
    assert (response.status_code, _code(response)) == (409, "EMAIL_EXISTS")


def test_an_address_taken_before_the_confirmation_is_email_exists(smtp: SmtpServer, gateway: GatewayClient) -> None:
    account = _verified(smtp, gateway)
    account.call("POST", f"{AUTH}/email/change", json={"new_email": "fox@example.com", "password": STRONG_PASSWORD})
    _, token = _link(smtp.inbox.wait_for(2)[1])
    Account(gateway, "fox@example.com")

    response = gateway.request("POST", f"{AUTH}/email/change/confirm", json={"token": token})
    assert (response.status_code, _code(response)) == (409, "EMAIL_EXISTS")
    assert User.objects.get(id=account.user_id).email == "dana@example.com"


# --- admin reset link --------------------------------------------------------------------------------


def test_an_admin_issues_a_reset_link_once_audited_and_it_works(smtp: SmtpServer, gateway: GatewayClient) -> None:
    account = Account(gateway, "dana@example.com")  # unverified: the admin's link still works
    admin = Account(gateway, "admin@example.com", name="Walter Skinner")
    User.objects.filter(id=admin.user_id).update(role=Role.ADMIN)
    path = f"/api/v1/admin/users/{account.user_id}/password-reset-link"

    response = gateway.request("POST", path, user_id=admin.user_id, role="admin", cookies=admin.cookies)

    assert response.status_code == 201 and response["Cache-Control"] == "no-store"
    data = response.json()["data"]
    assert data["url"].startswith("https://localhost:8443/reset-password#token=")
    expires = datetime.fromisoformat(data["expires_at"].replace("Z", "+00:00"))
    assert timedelta(minutes=29) < expires - datetime.now(UTC) <= timedelta(minutes=30)
    audit = AdminResetLinkAudit.objects.get()
    assert (str(audit.admin_id), str(audit.user_id)) == (admin.user_id, account.user_id)
    token = data["url"].split("#token=")[1]
    reset = gateway.request("POST", f"{AUTH}/password/reset", json={"token": token, "new_password": NEW_PASSWORD})
    assert reset.status_code == 200
    assert _login(gateway, account.email, NEW_PASSWORD).status_code == 200


def test_only_admins_issue_reset_links_and_only_for_existing_users(smtp: SmtpServer, gateway: GatewayClient) -> None:
    account = Account(gateway, "dana@example.com")
    admin = Account(gateway, "admin@example.com", name="Walter Skinner")
    User.objects.filter(id=admin.user_id).update(role=Role.ADMIN)

    as_user = account.call("POST", f"/api/v1/admin/users/{admin.user_id}/password-reset-link")
    assert as_user.status_code == 403
    missing = gateway.request(
        "POST",
        "/api/v1/admin/users/00000000-0000-0000-0000-000000000000/password-reset-link",
        user_id=admin.user_id,
        role="admin",
        cookies=admin.cookies,
    )
    assert (missing.status_code, _code(missing)) == (404, "USER_NOT_FOUND")
    assert not AdminResetLinkAudit.objects.exists()


# --- erasure -----------------------------------------------------------------------------------------


def test_deleting_the_account_deletes_its_mail_links_and_reset_link_audit(
    smtp: SmtpServer, gateway: GatewayClient
) -> None:
    account = Account(gateway, "dana@example.com")
    admin = Account(gateway, "admin@example.com", name="Walter Skinner")
    User.objects.filter(id=admin.user_id).update(role=Role.ADMIN)
    path = f"/api/v1/admin/users/{account.user_id}/password-reset-link"
    assert gateway.request("POST", path, user_id=admin.user_id, role="admin", cookies=admin.cookies).status_code == 201
    smtp.inbox.wait_for(2)
    assert OutboundEmail.objects.filter(user_id=account.user_id).exists()
    assert AccountToken.objects.filter(user_id=account.user_id).exists() and AdminResetLinkAudit.objects.exists()

    response = account.call("DELETE", f"{AUTH}/me", json={"password": STRONG_PASSWORD})

    assert response.status_code == 200
    assert not OutboundEmail.objects.filter(user_id=account.user_id).exists()
    assert not AccountToken.objects.filter(user_id=account.user_id).exists()
    assert not AdminResetLinkAudit.objects.exists()


def test_expired_links_are_purged_and_live_ones_kept(smtp: SmtpServer, gateway: GatewayClient) -> None:
    from apps.email_actions.tasks import purge_expired_links

    Account(gateway, "dana@example.com")
    Account(gateway, "fox@example.com")
    smtp.inbox.wait_for(2)
    AccountToken.objects.filter(user__email="dana@example.com").update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )

    assert purge_expired_links() == 1
    assert list(AccountToken.objects.values_list("user__email", flat=True)) == ["fox@example.com"]
