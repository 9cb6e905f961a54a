import uuid

import pytest

from apps.profiles.models import UserProfile
from apps.profiles.selectors import profile_find

pytestmark = pytest.mark.django_db


def test_profile_find_returns_none_for_a_user_without_profile() -> None:
    assert profile_find(user_id=uuid.uuid4()) is None


def test_profile_find_returns_only_that_users_profile() -> None:
    mine = UserProfile.objects.create(user_id=uuid.uuid4(), first_name="Ann")
    UserProfile.objects.create(user_id=uuid.uuid4(), first_name="Other")
    assert profile_find(user_id=mine.user_id) == mine
