import uuid

from django.db import models


class UserProfile(models.Model):
    """Profile data of a user of the auth service (no cross-service foreign key: only its id)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user_id = models.UUIDField(unique=True)
    first_name = models.CharField(max_length=100, blank=True, default="")
    last_name = models.CharField(max_length=100, blank=True, default="")
    phone = models.CharField(max_length=30, blank=True, default="")
    address = models.CharField(max_length=500, blank=True, default="")
    preferences = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "user_profiles"

    def __str__(self) -> str:
        return f"UserProfile({self.user_id})"


class ErasedUser(models.Model):
    """A user whose data was erased (account deletion): no write for them is accepted again.

    Recorded by the erasure in the transaction that deletes their rows, under the same per-user lock
    every write takes (apps/profiles/erasure.py), so a write finishing after the erasure is refused.
    Only the SHA-256 of the user id is kept: no table names an erased user.
    """

    user_hash = models.CharField(max_length=64, primary_key=True)
    erased_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "erased_users"

    def __str__(self) -> str:
        return f"ErasedUser({self.user_hash[:12]})"
