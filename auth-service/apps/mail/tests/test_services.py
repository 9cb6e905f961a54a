"""The outbox over a real SMTP server: delivered once, retried with backoff while SMTP is down, never twice."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from pytest_django.fixtures import Settings

from apps.mail import services, tasks
from apps.mail.models import EmailState, OutboundEmail
from apps.mail.services import Delivery, Message
from apps.mail.tests.smtp import SmtpServer, bodies, free_port, mailers_for

MESSAGE = Message(subject="SmartBreeds: hello", text="Plain hello\n", html="<p>HTML hello</p>")


def _queued(**kwargs: object) -> OutboundEmail:
    """A row as email_enqueue writes it (on_commit dispatch aside: these tests deliver by hand)."""
    return OutboundEmail.objects.create(
        to_email="dana@example.com",
        kind="test",
        subject=MESSAGE.subject,
        text_body=MESSAGE.text,
        html_body=MESSAGE.html,
        next_attempt_at=datetime.now(UTC),
        **kwargs,
    )


@pytest.mark.django_db
def test_a_message_goes_out_with_both_bodies_and_is_marked_sent_without_them(smtp: SmtpServer) -> None:
    row = _queued()

    assert services.email_deliver(email_id=row.id) is Delivery.SENT

    (received,) = smtp.inbox.wait_for(1)
    assert received["To"] == "dana@example.com" and received["Subject"] == "SmartBreeds: hello"
    assert bodies(received) == ("Plain hello\n", "<p>HTML hello</p>\n")
    row.refresh_from_db()
    assert row.state == EmailState.SENT and row.sent_at is not None and row.attempts == 1
    assert row.text_body == row.html_body == ""  # the single-use links are not kept


@pytest.mark.django_db
def test_a_sent_message_is_never_sent_again(smtp: SmtpServer) -> None:
    row = _queued()
    services.email_deliver(email_id=row.id)

    assert services.email_deliver(email_id=row.id) is Delivery.SKIPPED
    assert tasks.deliver_due_emails() == 0
    assert len(smtp.inbox.messages) == 1


@pytest.mark.django_db
def test_smtp_down_keeps_the_message_and_pushes_it_back_then_the_beat_task_delivers_it_once(
    settings: Settings,
) -> None:
    port = free_port()
    settings.MAILERS = mailers_for(port)  # nothing listens there yet
    row = _queued()

    assert services.email_deliver(email_id=row.id) is Delivery.RETRY
    row.refresh_from_db()
    assert row.state == EmailState.PENDING and row.attempts == 1 and row.last_error
    assert row.next_attempt_at > datetime.now(UTC)  # backoff: not due again at once
    assert tasks.deliver_due_emails() == 0

    server = SmtpServer(port).start()
    try:
        OutboundEmail.objects.filter(id=row.id).update(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
        assert tasks.deliver_due_emails() == 1
        assert tasks.deliver_due_emails() == 0
        assert len(server.inbox.wait_for(1)) == 1
    finally:
        server.stop()
    row.refresh_from_db()
    assert (row.state, row.attempts) == (EmailState.SENT, 2)


@pytest.mark.django_db
def test_retries_are_bounded(settings: Settings) -> None:
    settings.MAILERS = mailers_for(free_port())
    settings.EMAIL_MAX_ATTEMPTS = 2
    row = _queued()
    assert services.email_deliver(email_id=row.id) is Delivery.RETRY
    OutboundEmail.objects.filter(id=row.id).update(next_attempt_at=datetime.now(UTC))

    assert services.email_deliver(email_id=row.id) is Delivery.FAILED
    row.refresh_from_db()
    assert (row.state, row.attempts) == (EmailState.FAILED, 2)
    assert services.emails_due() == []


def test_backoff_grows_exponentially_with_jitter_and_a_ceiling(settings: Settings) -> None:
    settings.EMAIL_BACKOFF_BASE_SECONDS = 10.0
    settings.EMAIL_BACKOFF_MAX_SECONDS = 100.0
    for attempts, ceiling in ((1, 10.0), (2, 20.0), (3, 40.0), (4, 80.0), (5, 100.0), (9, 100.0)):
        delays = {services.backoff_seconds(attempts) for _ in range(50)}
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 1  # jittered


@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_message_at_once_send_it_once(smtp: SmtpServer) -> None:
    row = _queued()
    smtp.inbox.hold.clear()  # the first delivery stays inside SMTP DATA, holding the row
    outcomes: list[Delivery] = []

    def deliver_in_a_worker() -> None:
        try:
            outcomes.append(services.email_deliver(email_id=row.id))
        finally:
            connection.close()  # this thread's own connection

    first = threading.Thread(target=deliver_in_a_worker)
    first.start()
    assert smtp.inbox.receiving.wait(10)

    second = services.email_deliver(email_id=row.id)  # another worker, while the first holds the row

    smtp.inbox.hold.set()
    first.join(10)
    assert second is Delivery.SKIPPED and outcomes == [Delivery.SENT]
    assert len(smtp.inbox.wait_for(1)) == 1


@pytest.mark.django_db(transaction=True)
def test_enqueue_hands_the_message_to_the_worker_after_commit(smtp: SmtpServer) -> None:
    from django.db import transaction

    with transaction.atomic():
        services.email_enqueue(to="dana@example.com", message=MESSAGE, kind="test")
        assert smtp.inbox.messages == []  # not before the event's transaction commits

    assert len(smtp.inbox.wait_for(1)) == 1
    assert OutboundEmail.objects.get().state == EmailState.SENT


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_event_sends_nothing(smtp: SmtpServer) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.email_enqueue(to="dana@example.com", message=MESSAGE, kind="test")
        raise RuntimeError("the event failed")

    assert not OutboundEmail.objects.exists() and smtp.inbox.messages == []


@pytest.mark.django_db
def test_sent_messages_are_purged_after_the_retention(settings: Settings) -> None:
    settings.EMAIL_SENT_RETENTION_DAYS = 7
    old = _queued(state=EmailState.SENT, sent_at=datetime.now(UTC) - timedelta(days=8))
    recent = _queued(state=EmailState.SENT, sent_at=datetime.now(UTC) - timedelta(days=1))
    pending = _queued()

    assert tasks.purge_sent_emails() == 1
    assert set(OutboundEmail.objects.values_list("id", flat=True)) == {recent.id, pending.id}
    assert old.id not in set(OutboundEmail.objects.values_list("id", flat=True))
