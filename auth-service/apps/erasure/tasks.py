"""Erasure retries on the Celery workers: beat sends `deliver_due` every ERASURE_POLL_SECONDS; each due
job is delivered, and a failure reschedules that job with backoff in PostgreSQL (apps.erasure.services)."""

from __future__ import annotations

from celery import shared_task

from apps.erasure.services import erasure_jobs_deliver_due


@shared_task(name="auth.erasure.deliver_due", ignore_result=True)
def deliver_due_erasures() -> None:
    erasure_jobs_deliver_due()
