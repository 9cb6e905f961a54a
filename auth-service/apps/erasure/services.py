"""Record erasure jobs (inside the account deletion's transaction) and deliver the due ones."""

import uuid
from datetime import UTC, datetime, timedelta

import structlog
from django.conf import settings
from django.db import transaction

from apps.erasure import clients
from apps.erasure.models import ErasureJob, ErasureTarget

logger = structlog.get_logger(__name__)


def erasure_jobs_record(*, user_id: uuid.UUID) -> None:
    """One job per downstream service; call it in the transaction that deletes the user.

    Recording twice for the same user is harmless (one job per user and service).
    """
    now = datetime.now(UTC)
    ErasureJob.objects.bulk_create(
        [ErasureJob(user_id=user_id, service=target, next_attempt_at=now) for target in ErasureTarget.values],
        ignore_conflicts=True,
    )


def backoff_seconds(attempts: int) -> float:
    """Exponential: base, 2*base, 4*base, ... capped at ERASURE_BACKOFF_MAX_SECONDS."""
    base: float = settings.ERASURE_BACKOFF_BASE_SECONDS
    return float(min(base * 2 ** max(attempts - 1, 0), settings.ERASURE_BACKOFF_MAX_SECONDS))


def erasure_job_deliver_next(*, now: datetime | None = None) -> bool:
    """Deliver one due job, if any; returns whether there was one.

    The row stays locked (SKIP LOCKED: several workers never take the same job) while its service is
    called; on success the job is deleted, on failure it is pushed back with exponential backoff.
    """
    now = now or datetime.now(UTC)
    with transaction.atomic():
        job = (
            ErasureJob.objects.select_for_update(skip_locked=True)
            .filter(next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .first()
        )
        if job is None:
            return False
        try:
            deleted = clients.erase_user_data(service=job.service, user_id=job.user_id)
        except clients.DeliveryError as exc:
            job.attempts += 1
            job.last_error = str(exc)[:300]
            job.next_attempt_at = datetime.now(UTC) + timedelta(seconds=backoff_seconds(job.attempts))
            job.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning(
                "erasure_retry_scheduled",
                job_id=str(job.id),
                service=job.service,
                attempts=job.attempts,
                error=job.last_error,
            )
            return True
        job.delete()
    logger.info(
        "erasure_delivered",
        job_id=str(job.id),
        service=job.service,
        attempts=job.attempts + 1,
        deleted=deleted.get("deleted"),
    )
    return True


def erasure_jobs_deliver_due(*, limit: int = 100) -> int:
    """Deliver up to `limit` due jobs; returns how many were tried."""
    tried = 0
    while tried < limit and erasure_job_deliver_next():
        tried += 1
    return tried
