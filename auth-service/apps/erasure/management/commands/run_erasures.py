"""The erasure worker: delivers due erasure jobs, forever (or once with --once).

Everything it needs is in PostgreSQL, so a restart loses nothing: a job is deleted only after its
service confirmed. SIGTERM/SIGINT end the loop after the current job.
"""

import signal
import threading
from pathlib import Path
from typing import Any

import structlog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from apps.erasure.services import erasure_jobs_deliver_due

logger = structlog.get_logger(__name__)


class Command(BaseCommand):
    help = "Deliver account-erasure jobs to the user and AI services (retries with backoff)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="deliver the due jobs once, then exit")
        parser.add_argument("--heartbeat-file", default="", help="touched after every round (health check)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            erasure_jobs_deliver_due()
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        logger.info("erasure_worker_started", poll_seconds=settings.ERASURE_POLL_SECONDS)
        while not stop.is_set():
            close_old_connections()
            try:
                erasure_jobs_deliver_due()
            except Exception as exc:  # noqa: BLE001 - the database is down: keep the worker alive, try again
                logger.warning("erasure_worker_error", error_type=type(exc).__name__)
            else:
                if options["heartbeat_file"]:
                    Path(options["heartbeat_file"]).touch()
            stop.wait(settings.ERASURE_POLL_SECONDS)
        logger.info("erasure_worker_stopped")
