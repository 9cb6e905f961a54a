"""Single-use links mailed to users (verify an address, reset a password, confirm an email change), and
the audit trail of reset links an admin issued.

Only a hash of a link's token is stored. A token is also bound to the state it acts on (`binding`:
a digest of the password hash for a reset, of the address for a verification or change), so a reset
link dies when the password changes by any route, and a verification link when the address changes.
"""

import uuid

from django.db import models

from apps.accounts.models import User


class Purpose(models.TextChoices):
    VERIFY_EMAIL = "verify_email", "Verify email"
    RESET_PASSWORD = "reset_password", "Reset password"
    CHANGE_EMAIL = "change_email", "Change email"


class AccountToken(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_tokens")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)  # sha256 hex of the token in the link
    binding = models.CharField(max_length=64)  # digest of what the token acts on (see module docstring)
    new_email = models.EmailField(max_length=254, blank=True, default="")  # change_email only
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "account_tokens"
        indexes = [
            models.Index(fields=["user", "purpose"], name="account_token_user_idx"),
            models.Index(fields=["expires_at"], name="account_token_expires_idx"),
        ]

    def __str__(self) -> str:
        return f"AccountToken {self.id} ({self.purpose})"


class AdminResetLinkAudit(models.Model):
    """One row per reset link an admin issued: who, for whom (ids only), when, until when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    admin_id = models.UUIDField()
    user_id = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        db_table = "admin_reset_link_audit"
        indexes = [models.Index(fields=["user_id"], name="admin_reset_audit_user_idx")]

    def __str__(self) -> str:
        return f"admin {self.admin_id} issued a reset link for {self.user_id}"
