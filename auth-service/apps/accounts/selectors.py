"""Reads of users and refresh tokens."""

import uuid

from apps.accounts.models import RefreshToken, User


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def user_get_active(*, user_id: str) -> User | None:
    try:
        parsed = uuid.UUID(user_id)
    except (ValueError, TypeError):
        return None
    return User.objects.filter(id=parsed, is_active=True).first()


def email_is_taken(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def session_refresh_tokens(*, user_id: uuid.UUID, session_id: uuid.UUID) -> list[RefreshToken]:
    return list(RefreshToken.objects.filter(user_id=user_id, session_id=session_id).order_by("created_at"))
