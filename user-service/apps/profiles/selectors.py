from uuid import UUID

from apps.profiles.models import UserProfile


def profile_find(*, user_id: UUID) -> UserProfile | None:
    return UserProfile.objects.filter(user_id=user_id).first()
