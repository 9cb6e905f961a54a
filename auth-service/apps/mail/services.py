"""Write messages to the outbox (inside the caller's transaction) and deliver them over SMTP."""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import structlog
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction

from apps.mail import metrics
from apps.mail.models import EmailState, OutboundEmail

logger = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Message:
    subject: str
    text: str
    html: str


class Delivery(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # SMTP failed; next_attempt_at is set
    FAILED = "failed"  # SMTP failed for the last allowed time
    SKIPPED = "skipped"  # not due, already sent, or another worker holds it


def email_enqueue(*, to: str, message: Message, kind: str, user_id: uuid.UUID | None = None) -> OutboundEmail:
    """Stores the message; it is handed to the worker once the surrounding transaction commits
    (rolled back with the event otherwise). A broker that is down loses nothing: the beat task
    re-dispatches every undelivered row."""
    email = OutboundEmail.objects.create(
        user_id=user_id,
        kind=kind,
        to_email=to,
        subject=message.subject,
        text_body=message.text,
        html_body=message.html,
        next_attempt_at=datetime.now(UTC),
    )
    transaction.on_commit(lambda: _dispatch(email.id))
    return email


def _dispatch(email_id: uuid.UUID) -> None:
    from apps.mail.tasks import deliver_email

    try:
        deliver_email.delay(str(email_id))
    except Exception as exc:  # noqa: BLE001 - broker down: the row stays pending, the beat task sends it later
        logger.warning("email_dispatch_failed", email_id=str(email_id), error_type=type(exc).__name__)


def backoff_seconds(attempts: int) -> float:
    """Exponential (base, 2*base, 4*base, ... capped), with jitter in [50%, 100%] so retries spread out."""
    base: float = settings.EMAIL_BACKOFF_BASE_SECONDS
    ceiling = min(base * 2 ** max(attempts - 1, 0), settings.EMAIL_BACKOFF_MAX_SECONDS)
    return float(ceiling * random.uniform(0.5, 1.0))  # noqa: S311 - jitter, not a secret


def _send(email: OutboundEmail) -> None:
    mail = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_email],
        reply_to=[settings.SUPPORT_EMAIL],
        headers={"Message-ID": f"<{email.id}@{settings.PRODUCT_NAME.lower()}>", "Auto-Submitted": "auto-generated"},
    )
    mail.attach_alternative(email.html_body, "text/html")
    mailers.default.send_messages([mail])  # MAILERS["default"]: Django's SMTP backend, from the environment


def email_deliver(*, email_id: uuid.UUID | str, now: datetime | None = None) -> Delivery:
    """Sends one due message. The row stays locked (SKIP LOCKED: no other worker takes it) while SMTP
    is spoken; it is marked sent (bodies cleared) in the same transaction, or pushed back with backoff."""
    now = now or datetime.now(UTC)
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(id=email_id, state=EmailState.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if email is None:
            return Delivery.SKIPPED
        email.attempts += 1
        try:
            _send(email)
        except Exception as exc:  # noqa: BLE001 - smtplib raises OSError/SMTPException/others: all retried
            email.last_error = f"{type(exc).__name__}: {exc}"[:300]
            outcome = Delivery.RETRY
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.state = EmailState.FAILED
                outcome = Delivery.FAILED
            else:
                email.next_attempt_at = datetime.now(UTC) + timedelta(seconds=backoff_seconds(email.attempts))
            email.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
            metrics.EMAILS.labels(kind=email.kind, outcome=outcome.value).inc()
            logger.warning(
                "email_delivery_failed",
                email_id=str(email.id),
                kind=email.kind,
                attempts=email.attempts,
                gave_up=outcome is Delivery.FAILED,
                error_type=type(exc).__name__,
            )
            return outcome
        email.state, email.sent_at, email.last_error = EmailState.SENT, datetime.now(UTC), ""
        email.text_body = email.html_body = ""  # the links inside are single-use secrets: keep no copy
        email.save(update_fields=["attempts", "state", "sent_at", "last_error", "text_body", "html_body"])
    metrics.EMAILS.labels(kind=email.kind, outcome=Delivery.SENT.value).inc()
    logger.info("email_sent", email_id=str(email.id), kind=email.kind, attempts=email.attempts)
    return Delivery.SENT


def emails_due(*, now: datetime | None = None, limit: int = 500) -> list[uuid.UUID]:
    """Ids of undelivered messages whose next attempt is due (what the beat task re-dispatches)."""
    now = now or datetime.now(UTC)
    due = OutboundEmail.objects.filter(state=EmailState.PENDING, next_attempt_at__lte=now).order_by("next_attempt_at")
    return list(due.values_list("id", flat=True)[:limit])


def emails_purge_sent(*, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=settings.EMAIL_SENT_RETENTION_DAYS)
    deleted, _ = OutboundEmail.objects.filter(state=EmailState.SENT, sent_at__lt=cutoff).delete()
    return deleted


def emails_delete_for_user(*, user_id: uuid.UUID) -> int:
    """Account erasure: every message about the account, sent or not."""
    deleted, _ = OutboundEmail.objects.filter(user_id=user_id).delete()
    return deleted
