"""Users, their sessions (one per login) and refresh tokens (only a hash of each token is stored)."""

import uuid

from django.db import models
from django.db.models.functions import Lower


class Role(models.TextChoices):
    USER = "user", "User"
    ADMIN = "admin", "Admin"


class User(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(max_length=254)
    password_hash = models.CharField(max_length=255)
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.USER)
    is_active = models.BooleanField(default=True)
    is_verified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_login = models.DateTimeField(null=True, blank=True)
    # Raised (never lowered) with every change of password, role or active state, and on deletion;
    # tokens carry it as `av` and are void once it moves on (services.bump_auth_version).
    auth_version = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "users"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="users_email_lower_unique"),
            models.CheckConstraint(condition=models.Q(role__in=["user", "admin"]), name="users_role_valid"),
        ]

    def __str__(self) -> str:
        return f"User {self.id}"


class RefreshToken(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    token_hash = models.CharField(max_length=64, unique=True)  # sha256 hex of the JWT, never the JWT
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    session_id = models.UUIDField()
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "refresh_tokens"
        indexes = [
            models.Index(fields=["user", "session_id"], name="refresh_user_session_idx"),
            models.Index(fields=["expires_at"], name="refresh_expires_at_idx"),
        ]

    def __str__(self) -> str:
        return f"RefreshToken {self.id}"


class Session(models.Model):
    """One signed-in device: its id is the `sid` every token of the session carries."""

    USER_AGENT_MAX_LENGTH = 255

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField()
    expires_at = models.DateTimeField()  # when its newest refresh token expires
    user_agent = models.CharField(max_length=USER_AGENT_MAX_LENGTH, blank=True, default="")
    ip = models.CharField(max_length=64, blank=True, default="")  # masked (/24, /48), never the full address
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sessions"
        indexes = [models.Index(fields=["user", "revoked_at"], name="sessions_user_revoked_idx")]

    def __str__(self) -> str:
        return f"Session {self.id}"
