"""The mails' contents: a plain-text and an HTML body, the product's name, and the link's expiry."""

from datetime import datetime

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from apps.mail.services import Message


def _product() -> str:
    return str(settings.PRODUCT_NAME)


def _expiry(expires_at: datetime) -> str:
    """'in 30 minutes (at 2026-12-07 21:30 UTC)'."""
    minutes = max(round((expires_at - datetime.now(expires_at.tzinfo)).total_seconds() / 60), 1)
    span = f"{minutes} minutes" if minutes < 120 else f"{round(minutes / 60)} hours"
    return f"in {span} (at {expires_at:%Y-%m-%d %H:%M} UTC)"


def _html(*paragraphs: str, link: str = "", button: str = "") -> str:
    parts = [format_html("<p>{}</p>", paragraph) for paragraph in paragraphs]
    if link:
        parts.insert(1, format_html('<p><a href="{}">{}</a></p>', link, button))
    return format_html(
        '<!doctype html><html><body style="font-family:sans-serif"><h1>{}</h1>{}</body></html>',
        _product(),
        mark_safe("".join(parts)),  # noqa: S308 - each part was escaped by format_html above
    )


def _text(*paragraphs: str, link: str = "") -> str:
    lines = list(paragraphs)
    if link:
        lines.insert(1, link)
    return "\n\n".join([_product(), *lines]) + "\n"


def _support_line() -> str:
    return (
        f"If this was not you, reply to this mail or write to {settings.SUPPORT_EMAIL} "
        "so we can help you secure your account."
    )


def verify_email(*, name: str, link: str, expires_at: datetime) -> Message:
    intro = f"Hello {name}, please confirm that this is your email address for {_product()}:"
    expiry = f"This link expires {_expiry(expires_at)} and works once."
    ignore = "If you did not create an account, ignore this mail."
    return Message(
        subject=f"{_product()}: confirm your email address",
        text=_text(intro, expiry, ignore, link=link),
        html=_html(intro, expiry, ignore, link=link, button="Confirm my email address"),
    )


def password_reset(*, link: str, expires_at: datetime) -> Message:
    intro = f"Someone asked to reset the password of your {_product()} account. To choose a new password, open:"
    expiry = f"This link expires {_expiry(expires_at)} and works once; it stops working if your password changes."
    ignore = "If you did not ask for this, ignore this mail: your password stays as it is."
    return Message(
        subject=f"{_product()}: reset your password",
        text=_text(intro, expiry, ignore, link=link),
        html=_html(intro, expiry, ignore, link=link, button="Choose a new password"),
    )


def password_changed() -> Message:
    intro = f"The password of your {_product()} account was just changed, and every device was signed out."
    return Message(
        subject=f"{_product()}: your password was changed",
        text=_text(intro, "No link in this mail expires: it only informs you.", _support_line()),
        html=_html(intro, "No link in this mail expires: it only informs you.", _support_line()),
    )


def email_change_confirm(*, link: str, expires_at: datetime) -> Message:
    intro = f"To make this the email address of your {_product()} account, open:"
    expiry = f"This link expires {_expiry(expires_at)} and works once."
    ignore = "If you did not ask for this, ignore this mail: nothing changes."
    return Message(
        subject=f"{_product()}: confirm your new email address",
        text=_text(intro, expiry, ignore, link=link),
        html=_html(intro, expiry, ignore, link=link, button="Confirm my new email address"),
    )


def email_changed(*, new_email: str) -> Message:
    masked = _mask(new_email)
    intro = f"The email address of your {_product()} account was changed to {masked}; mail now goes there."
    note = "No link in this mail expires: it only informs you."
    return Message(
        subject=f"{_product()}: your email address was changed",
        text=_text(intro, note, _support_line()),
        html=_html(intro, note, _support_line()),
    )


def _mask(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
