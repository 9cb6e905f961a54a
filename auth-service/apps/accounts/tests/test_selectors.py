"""Reads: email lookups ignore case, inactive and unknown users are not returned."""

import uuid

import pytest

from apps.accounts import selectors
from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def test_user_get_by_email_ignores_case(user: User) -> None:
    found = selectors.user_get_by_email(email="DANA@example.COM")
    assert found is not None and found.id == user.id


def test_user_get_by_email_unknown_is_none(user: User) -> None:
    assert selectors.user_get_by_email(email="nobody@example.com") is None


def test_user_get_active_returns_an_active_user(user: User) -> None:
    found = selectors.user_get_active(user_id=str(user.id))
    assert found is not None and found.id == user.id


def test_user_get_active_skips_an_inactive_user(user: User) -> None:
    User.objects.filter(id=user.id).update(is_active=False)
    assert selectors.user_get_active(user_id=str(user.id)) is None


@pytest.mark.parametrize("user_id", ["", "not-a-uuid", str(uuid.uuid4())])
def test_user_get_active_unknown_or_malformed_is_none(user: User, user_id: str) -> None:
    assert selectors.user_get_active(user_id=user_id) is None


def test_email_is_taken_ignores_case(user: User) -> None:
    assert selectors.email_is_taken(email="Dana@Example.Com")
    assert not selectors.email_is_taken(email="other@example.com")
