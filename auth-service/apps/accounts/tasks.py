"""Scheduled account housekeeping on the Celery workers (beat: once a day)."""

from __future__ import annotations

import structlog
from celery import shared_task

from apps.accounts.services import refresh_tokens_purge_expired

logger = structlog.get_logger(__name__)


@shared_task(name="auth.accounts.purge_refresh_tokens")
def purge_refresh_tokens() -> int:
    deleted = refresh_tokens_purge_expired()
    logger.info("refresh_tokens_purged", deleted=deleted)
    return deleted
