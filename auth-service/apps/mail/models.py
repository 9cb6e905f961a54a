"""The mail outbox: one durable row per message, written in the transaction of the event that sends it.

The Celery worker delivers it (apps.mail.tasks); a row is claimed with SELECT ... FOR UPDATE SKIP LOCKED
and marked sent in the same transaction, so two workers never send it twice. Once sent its bodies
(which hold single-use links) are cleared; sent rows are purged after EMAIL_SENT_RETENTION_DAYS, and an
account's rows go with the account (apps.accounts.services.user_delete_rows).
"""

import uuid

from django.db import models


class EmailState(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"  # gave up after EMAIL_MAX_ATTEMPTS


class OutboundEmail(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user_id = models.UUIDField(null=True, blank=True)  # whose account it is about (erasure deletes it)
    kind = models.CharField(max_length=32)  # e.g. password_reset, email_verify (metrics, logs)
    to_email = models.EmailField(max_length=254)
    subject = models.CharField(max_length=200)
    text_body = models.TextField(blank=True, default="")
    html_body = models.TextField(blank=True, default="")
    state = models.CharField(max_length=8, choices=EmailState.choices, default=EmailState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "outbound_emails"
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbound_email_due_idx"),
            models.Index(fields=["user_id"], name="outbound_email_user_idx"),
        ]

    def __str__(self) -> str:
        return f"OutboundEmail {self.id} ({self.kind}, {self.state})"
