"""Reads of users, sessions and refresh tokens."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q, QuerySet
from smartbreeds_common.emails import normalize_email

from apps.accounts.models import RefreshToken, Session, User


def _uuid(value: str | uuid.UUID | None) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        return None


def user_get_by_email(*, email: str) -> User | None:
    """Compared in the shared normalised form, the form every address is stored in."""
    return User.objects.filter(email=normalize_email(email)).first()


def user_get_by_email_for_update(*, email: str) -> User | None:
    """The account of this address, its row locked until the transaction ends."""
    return User.objects.select_for_update().filter(email=normalize_email(email)).first()


def user_get_active(*, user_id: str) -> User | None:
    parsed = _uuid(user_id)
    if parsed is None:
        return None
    return User.objects.filter(id=parsed, is_active=True).first()


def user_get_for_update(*, user_id: str) -> User | None:
    """The row locked until the transaction ends; None for an unknown or malformed id."""
    parsed = _uuid(user_id)
    if parsed is None:
        return None
    return User.objects.select_for_update().filter(id=parsed).first()


def email_is_taken(*, email: str) -> bool:
    return User.objects.filter(email=normalize_email(email)).exists()


def session_refresh_tokens(*, user_id: uuid.UUID, session_id: uuid.UUID) -> list[RefreshToken]:
    return list(RefreshToken.objects.filter(user_id=user_id, session_id=session_id).order_by("created_at"))


def session_get_for_user(*, user_id: uuid.UUID, session_id: str) -> Session | None:
    """One live session of this user (another user's, an ended or an expired one: None)."""
    parsed = _uuid(session_id)
    if parsed is None:
        return None
    return _live_sessions(user_id).filter(id=parsed).first()


def _live_sessions(user_id: uuid.UUID) -> QuerySet[Session]:
    return Session.objects.filter(user_id=user_id, revoked_at__isnull=True, expires_at__gt=datetime.now(UTC))


def session_list(*, user_id: uuid.UUID) -> list[Session]:
    """The user's live sessions, most recently used first."""
    return list(_live_sessions(user_id).order_by("-last_used_at", "-created_at"))


@dataclass(frozen=True, slots=True)
class UserPage:
    items: list[User]
    total: int
    page: int
    page_size: int


def user_search(*, q: str = "", page: int = 1, page_size: int = 20) -> UserPage:
    """Users whose email or name contains `q` (any case), oldest first, one page of them."""
    users = User.objects.all()
    q = q.strip()
    if q:
        users = users.filter(Q(email__icontains=q) | Q(name__icontains=q))
    total = users.count()
    start = (page - 1) * page_size
    items = list(users.order_by("created_at", "id")[start : start + page_size])
    return UserPage(items=items, total=total, page=page, page_size=page_size)
