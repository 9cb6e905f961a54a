"""The erasure outbox: one durable job per downstream service that must forget a deleted user.

Written in the same transaction that deletes the user row, so a deleted account always has its
jobs; the worker (`manage.py run_erasures`) delivers them and deletes each job once its service
confirmed, so nothing of the user is left here either.
"""

import uuid

from django.db import models


class ErasureTarget(models.TextChoices):
    USER = "user", "user-service"
    AI = "ai", "ai-service"


class ErasureJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user_id = models.UUIDField()
    service = models.CharField(max_length=16, choices=ErasureTarget.choices)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user_id", "service"], name="uniq_erasure_job_user_service")]
        indexes = [models.Index(fields=["next_attempt_at"], name="erasure_job_due_idx")]

    def __str__(self) -> str:
        return f"erase {self.user_id} at {self.service}"
