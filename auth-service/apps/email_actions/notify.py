"""Mails the account services send as part of their own transaction (verification at registration)."""

from django.conf import settings

from apps.accounts.models import User
from apps.email_actions import links, messages
from apps.email_actions.models import Purpose
from apps.mail.services import email_enqueue


def email_verification_send(*, user: User) -> None:
    """A fresh verification link to the user's address (earlier ones stop working)."""
    link = links.link_issue(user=user, purpose=Purpose.VERIFY_EMAIL, ttl_seconds=settings.EMAIL_VERIFY_TTL_SECONDS)
    email_enqueue(
        to=user.email,
        message=messages.verify_email(name=user.name, link=link.url, expires_at=link.expires_at),
        kind="email_verify",
        user_id=user.id,
    )
