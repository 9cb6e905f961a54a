"""Accounts by email in a real browser against the whole stack: the stack's Celery mail worker delivers
through SMTP to the harness's in-process server (tests/mailbox.py), and the tests follow the links
in the mails they received."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.test_browser import TIMEOUT_MS, shot
from tests.mailbox import link_in, text_of
from tests.stack import LocalStack

pytestmark = pytest.mark.stack

PASSWORD = "correct horse battery 42"
NEW_PASSWORD = "brand new kennel 77"


def _email() -> str:
    return f"mail-{uuid.uuid4().hex[:10]}@example.com"


def _register_verified(stack: LocalStack) -> str:
    """An account made through the API whose address is confirmed from its mailed link."""
    email = _email()
    with httpx.Client(base_url=stack.base_url, verify=False, timeout=30) as client:
        response = client.post(
            "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Ada Lovelace"}
        )
        assert response.status_code == 201, response.text
        token = link_in(stack.mailbox.to(email, "confirm your email")).split("#token=")[1]
        assert client.post("/api/v1/auth/email/verify", json={"token": token}).status_code == 200
    return email


def _log_in(page: Any, stack: LocalStack, email: str, password: str) -> None:
    page.goto(f"{stack.base_url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/(dashboard)?$"), timeout=TIMEOUT_MS)


def test_forgot_password_mails_a_link_that_sets_a_new_password(page: Any, stack: LocalStack) -> None:
    email = _register_verified(stack)

    page.goto(f"{stack.base_url}/login")
    page.get_by_role("link", name="Forgot password?").click()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send me a reset link").click()
    page.get_by_text(f"If {email} belongs to an account").wait_for(timeout=TIMEOUT_MS)

    mail = stack.mailbox.to(email, "reset your password")
    assert "SmartBreeds" in text_of(mail) and "expires in 30 minutes" in text_of(mail)
    page.goto(link_in(mail))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    page.get_by_text("Your password is changed and every device was signed out").wait_for(timeout=TIMEOUT_MS)
    shot(page, "password-reset-done")
    stack.mailbox.to(email, "your password was changed")

    _log_in(page, stack, email, NEW_PASSWORD)
    page.goto(link_in(mail))  # the same link again
    page.get_by_label("New password", exact=True).fill("another kennel 88")
    page.get_by_label("Confirm new password").fill("another kennel 88")
    page.get_by_role("button", name="Set new password").click()
    page.get_by_text("This link is invalid, already used or expired").wait_for(timeout=TIMEOUT_MS)


def test_a_new_account_verifies_its_address_from_the_mail_and_the_banner_goes(page: Any, stack: LocalStack) -> None:
    email = _email()
    page.goto(f"{stack.base_url}/register")
    page.get_by_label("Name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    banner = page.get_by_test_id("unverified-banner")
    banner.wait_for(timeout=TIMEOUT_MS)
    banner.get_by_role("button", name="Resend the link").click()
    banner.get_by_text("A new link is on its way.").wait_for(timeout=TIMEOUT_MS)
    shot(page, "unverified-banner")

    stack.mailbox.wait_for(
        lambda m: m["To"] == email and len([x for x in stack.mailbox.messages if x["To"] == email]) >= 2
    )
    newest = [message for message in stack.mailbox.messages if message["To"] == email][-1]
    page.goto(link_in(newest))
    page.get_by_text(f"Thank you: {email} is confirmed.").wait_for(timeout=TIMEOUT_MS)
    page.goto(f"{stack.base_url}/")
    page.get_by_role("heading").first.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("unverified-banner").count() == 0


def test_email_change_is_confirmed_from_the_new_address(page: Any, stack: LocalStack) -> None:
    email, new_email = _register_verified(stack), _email()
    _log_in(page, stack, email, PASSWORD)
    page.goto(f"{stack.base_url}/profile")
    form = page.get_by_role("form", name="Change email")
    form.get_by_label("New email").fill(new_email)
    form.get_by_label("Your password").fill("not my password 1")
    form.get_by_role("button", name="Change email").click()
    form.get_by_text("That is not your password.").wait_for(timeout=TIMEOUT_MS)  # a field error, still signed in
    assert "/profile" in page.url
    form.get_by_label("Your password").fill(PASSWORD)
    form.get_by_role("button", name="Change email").click()
    form.get_by_text(f"Check the inbox of {new_email}").wait_for(timeout=TIMEOUT_MS)

    page.goto(link_in(stack.mailbox.to(new_email, "confirm your new email address")))
    page.get_by_text(f"your account's email address is now {new_email}").wait_for(timeout=TIMEOUT_MS)
    notice = stack.mailbox.to(email, "your email address was changed")
    assert "support@" in text_of(notice)
    page.goto(f"{stack.base_url}/profile")
    page.get_by_text(f"Signed in as {new_email}").wait_for(timeout=TIMEOUT_MS)


def test_deleting_the_account_asks_for_the_password(page: Any, stack: LocalStack) -> None:
    email = _register_verified(stack)
    _log_in(page, stack, email, PASSWORD)
    page.goto(f"{stack.base_url}/profile")
    page.get_by_role("button", name="Delete my account").click()
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_label("Your password").fill("not my password 1")
    dialog.get_by_role("button", name="Delete my account and data").click()
    dialog.get_by_text("That is not your password.").wait_for(timeout=TIMEOUT_MS)
    assert "/profile" in page.url  # the session goes on: no "session ended" screen

    dialog.get_by_label("Your password").fill(PASSWORD)
    dialog.get_by_role("button", name="Delete my account and data").click()
    page.get_by_text("Your account and all your data are deleted.").wait_for(timeout=TIMEOUT_MS)
    shot(page, "account-deleted")
    with httpx.Client(base_url=stack.base_url, verify=False, timeout=30) as client:
        login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 401
