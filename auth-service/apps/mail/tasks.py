"""Celery tasks of the outbox: deliver one message; the beat re-dispatches undelivered ones and purges sent ones."""

from typing import Any

from celery import shared_task

from apps.mail import services


@shared_task(name="mail.deliver_email", acks_late=True, ignore_result=True)
def deliver_email(email_id: str) -> str:
    """One attempt; a failure leaves the row pending with its next attempt time (the beat task retries it)."""
    return services.email_deliver(email_id=email_id).value


@shared_task(name="mail.deliver_due_emails", ignore_result=True)
def deliver_due_emails() -> int:
    due = services.emails_due()
    for email_id in due:
        deliver_email.delay(str(email_id))
    return len(due)


@shared_task(name="mail.purge_sent_emails", ignore_result=True)
def purge_sent_emails(**_: Any) -> int:
    return services.emails_purge_sent()
