"""Single-use link tokens: issued (only the hash stored), and consumed once, while unexpired and still
bound to the state they were issued for."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings

from apps.accounts.models import User
from apps.email_actions import errors
from apps.email_actions.models import AccountToken, Purpose

TOKEN_BYTES = 32  # 256 bits: guessing is hopeless, so a fast hash is enough to store it


@dataclass(frozen=True, slots=True)
class IssuedLink:
    token: str
    url: str
    expires_at: datetime
    row: AccountToken


PAGES = {
    Purpose.VERIFY_EMAIL: "/verify-email",
    Purpose.RESET_PASSWORD: "/reset-password",
    Purpose.CHANGE_EMAIL: "/confirm-email-change",
}


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def binding_for(user: User, purpose: str) -> str:
    """What the token acts on: the password (hash, and the auth version when the model has one) for
    a reset; the current address for a verification or an address change."""
    if purpose == Purpose.RESET_PASSWORD:
        value = f"{user.password_hash}\n{getattr(user, 'auth_version', '')}"
    else:
        value = user.email
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}\n{value}".encode(), hashlib.sha256).hexdigest()


def link_url(purpose: str, token: str) -> str:
    # The token travels in the fragment: browsers never send it to a server or in a Referer header.
    return f"{settings.PUBLIC_APP_URL}{PAGES[Purpose(purpose)]}#token={token}"


def link_issue(*, user: User, purpose: Purpose, ttl_seconds: int, new_email: str = "") -> IssuedLink:
    """A new link; the user's earlier unused links for the same purpose stop working (superseded)."""
    AccountToken.objects.filter(user=user, purpose=purpose, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = datetime.now(UTC) + timedelta(seconds=ttl_seconds)
    row = AccountToken.objects.create(
        user=user,
        purpose=purpose,
        token_hash=token_digest(token),
        binding=binding_for(user, purpose),
        new_email=new_email,
        expires_at=expires_at,
    )
    return IssuedLink(token=token, url=link_url(purpose, token), expires_at=expires_at, row=row)


def link_consume(*, token: str, purpose: Purpose) -> AccountToken:
    """Marks the link used and returns it with its user locked; call inside a transaction (an error
    later in it rolls the use back). 400 TOKEN_INVALID when unknown, used, expired or superseded."""
    row = (
        AccountToken.objects.select_for_update()
        .filter(token_hash=token_digest(token), purpose=purpose, used_at__isnull=True)
        .first()
    )
    if row is None or row.expires_at <= datetime.now(UTC):
        raise errors.link_token_invalid()
    user = User.objects.select_for_update().get(id=row.user_id)
    if not hmac.compare_digest(row.binding, binding_for(user, purpose)):
        raise errors.link_token_invalid()
    row.user = user
    row.used_at = datetime.now(UTC)
    row.save(update_fields=["used_at"])
    return row


def links_revoke(*, user: User) -> None:
    """Every unused link of the user stops working (its address changed)."""
    AccountToken.objects.filter(user=user, used_at__isnull=True).delete()


def links_purge_expired(*, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    deleted, _ = AccountToken.objects.filter(expires_at__lt=now).delete()
    return deleted
