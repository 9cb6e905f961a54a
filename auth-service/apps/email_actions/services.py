"""The flows behind the mailed links: verification, password reset (by mail or an admin's link) and
email change. Each writes its mail to the outbox in the transaction of the change it announces."""

import time
from dataclasses import dataclass
from datetime import datetime

import structlog
from django.conf import settings
from django.db import IntegrityError, transaction
from smartbreeds_common.emails import normalize_email

from apps.accounts import errors as account_errors
from apps.accounts import selectors
from apps.accounts.models import User
from apps.accounts.passwords import verify_password
from apps.accounts.services import password_reset_apply
from apps.email_actions import errors, links, messages, notify, throttles
from apps.email_actions.models import AdminResetLinkAudit, Purpose
from apps.mail.services import email_enqueue

logger = structlog.get_logger(__name__)


# --- verification ------------------------------------------------------------------------------


@transaction.atomic
def email_verify(*, token: str) -> User:
    row = links.link_consume(token=token, purpose=Purpose.VERIFY_EMAIL)
    user = row.user
    user.is_verified = True
    user.save(update_fields=["is_verified", "updated_at"])
    logger.info("email_verified", user_id=str(user.id))
    return user


def email_verification_resend(*, user: User) -> bool:
    """Sends a new link unless the address is verified already; 429 within the cooldown."""
    throttles.resend_cooldown(user_id=str(user.id))
    if user.is_verified:
        return False
    with transaction.atomic():
        notify.email_verification_send(user=user)
    return True


# --- password reset ------------------------------------------------------------------------------


def password_forgot(*, email: str) -> None:
    """Mails a reset link when the address belongs to an active, verified account; otherwise nothing.

    The caller cannot tell which: the answer is the same, and it never comes sooner than
    PASSWORD_FORGOT_MIN_SECONDS (the floor hides the database writes only the real case does).
    """
    started = time.monotonic()
    email = normalize_email(email)
    throttles.forgot_per_address(email=email)
    try:
        with transaction.atomic():
            user = selectors.user_get_by_email(email=email)
            if user is not None and user.is_active and user.is_verified:
                link = links.link_issue(
                    user=user, purpose=Purpose.RESET_PASSWORD, ttl_seconds=settings.PASSWORD_RESET_TTL_SECONDS
                )
                email_enqueue(
                    to=user.email,
                    message=messages.password_reset(link=link.url, expires_at=link.expires_at),
                    kind="password_reset",
                    user_id=user.id,
                )
                logger.info("password_reset_requested", user_id=str(user.id))
    finally:
        remaining = settings.PASSWORD_FORGOT_MIN_SECONDS - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)


@transaction.atomic
def password_reset(*, token: str, new_password: str) -> User:
    """Sets the new password (once per link), ends every session, mails a notice."""
    row = links.link_consume(token=token, purpose=Purpose.RESET_PASSWORD)
    user = row.user
    password_reset_apply(user=user, new_password=new_password)
    links.links_revoke(user=user)  # other reset links of the account stop working too
    email_enqueue(to=user.email, message=messages.password_changed(), kind="password_changed", user_id=user.id)
    return user


@dataclass(frozen=True, slots=True)
class AdminResetLink:
    url: str
    expires_at: datetime


@transaction.atomic
def admin_password_reset_link_issue(*, admin: User, user_id: str) -> AdminResetLink:
    """A reset link for the admin to hand over (instances without mail); audited, shown once."""
    user = selectors.user_get_for_update(user_id=user_id)
    if user is None:
        raise account_errors.user_not_found()
    link = links.link_issue(user=user, purpose=Purpose.RESET_PASSWORD, ttl_seconds=settings.PASSWORD_RESET_TTL_SECONDS)
    AdminResetLinkAudit.objects.create(admin_id=admin.id, user_id=user.id, expires_at=link.expires_at)
    logger.warning("admin_issued_password_reset_link", admin_id=str(admin.id), user_id=str(user.id))
    return AdminResetLink(url=link.url, expires_at=link.expires_at)


# --- email change ---------------------------------------------------------------------------------


def email_change_request(*, user: User, new_email: str, password: str) -> None:
    """Mails a confirmation link to the new address once the password is confirmed."""
    if not verify_password(user.password_hash, password):
        raise account_errors.invalid_credentials()
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise errors.same_email()
    if selectors.email_is_taken(email=new_email):
        raise errors.email_exists()
    with transaction.atomic():
        link = links.link_issue(
            user=user,
            purpose=Purpose.CHANGE_EMAIL,
            ttl_seconds=settings.EMAIL_CHANGE_TTL_SECONDS,
            new_email=new_email,
        )
        email_enqueue(
            to=new_email,
            message=messages.email_change_confirm(link=link.url, expires_at=link.expires_at),
            kind="email_change",
            user_id=user.id,
        )
    logger.info("email_change_requested", user_id=str(user.id))


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    """The new address becomes the account's (verified: the link reached it); the old one gets a notice."""
    row = links.link_consume(token=token, purpose=Purpose.CHANGE_EMAIL)
    user = row.user
    old_email, new_email = user.email, row.new_email
    if selectors.email_is_taken(email=new_email):
        raise errors.email_exists()
    user.email, user.is_verified = new_email, True
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "is_verified", "updated_at"])
    except IntegrityError as exc:  # an account took the address meanwhile
        raise errors.email_exists() from exc
    links.links_revoke(user=user)  # links sent to the old address stop working
    email_enqueue(
        to=old_email, message=messages.email_changed(new_email=new_email), kind="email_changed", user_id=user.id
    )
    logger.info("email_changed", user_id=str(user.id))
    return user
