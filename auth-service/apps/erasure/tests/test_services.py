"""The erasure outbox and its delivery, on real PostgreSQL, against small HTTP services on free ports
that check the gateway signature like the real ones."""

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.management import call_command
from smartbreeds_common import identity

from apps.accounts import services as account_services
from apps.erasure.models import ErasureJob
from apps.erasure.services import (
    backoff_seconds,
    erasure_job_deliver_next,
    erasure_jobs_deliver_due,
    erasure_jobs_record,
)

SECRET = "test-gateway-secret"  # config.settings.test


class FakeService:
    """Answers DELETE /internal/users/{id}/data with the envelope, or `status` when set."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, identity.Identity]] = []
        self.status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_DELETE(self) -> None:
                ident = identity.verify(SECRET, self.headers)
                outer.calls.append((self.path, ident))
                body = json.dumps({"success": outer.status == 200, "data": {"deleted": {}}, "error": None}).encode()
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def services(settings: Any) -> Iterator[dict[str, FakeService]]:
    fakes = {"user": FakeService(), "ai": FakeService()}
    settings.ERASURE_SERVICE_URLS = {name: fake.url for name, fake in fakes.items()}
    settings.ERASURE_BACKOFF_BASE_SECONDS = 2.0
    settings.ERASURE_BACKOFF_MAX_SECONDS = 60.0
    yield fakes
    for fake in fakes.values():
        fake.close()


def test_deleting_the_account_records_one_job_per_service_in_the_same_transaction(db: None) -> None:
    session = account_services.user_register(email="erase-me@example.com", password="Correct-Horse-42", name="Erin")
    user = session.user
    account_services.user_delete(
        user_id=str(user.id), access_token=session.tokens.access.token, password="Correct-Horse-42"
    )

    jobs = ErasureJob.objects.filter(user_id=user.id)
    assert sorted(jobs.values_list("service", flat=True)) == ["ai", "user"]
    assert all(job.next_attempt_at <= datetime.now(UTC) for job in jobs)


def test_recording_twice_keeps_one_job_per_service(db: None) -> None:
    user_id = uuid.uuid4()
    erasure_jobs_record(user_id=user_id)
    erasure_jobs_record(user_id=user_id)
    assert ErasureJob.objects.filter(user_id=user_id).count() == 2


def test_delivery_calls_each_service_signed_as_the_service_role_and_deletes_the_jobs(db: None, services) -> None:
    user_id = uuid.uuid4()
    erasure_jobs_record(user_id=user_id)

    assert erasure_jobs_deliver_due() == 2

    assert not ErasureJob.objects.filter(user_id=user_id).exists()
    for fake in services.values():
        [(path, ident)] = fake.calls
        assert path == f"/internal/users/{user_id}/data"
        assert (ident.user_id, ident.role) == (str(user_id), "service")


def test_a_service_that_is_down_is_retried_with_exponential_backoff(db: None, services) -> None:
    user_id = uuid.uuid4()
    erasure_jobs_record(user_id=user_id)
    services["ai"].status = 503

    erasure_jobs_deliver_due()

    job = ErasureJob.objects.get(user_id=user_id)
    assert (job.service, job.attempts) == ("ai", 1) and "503" in job.last_error
    assert job.next_attempt_at > datetime.now(UTC) + timedelta(seconds=1)
    assert erasure_jobs_deliver_due() == 0  # not due yet: no call
    assert len(services["ai"].calls) == 1

    services["ai"].status = 200
    assert erasure_job_deliver_next(now=datetime.now(UTC) + timedelta(seconds=3))
    assert not ErasureJob.objects.filter(user_id=user_id).exists()


def test_an_unreachable_service_counts_as_a_failed_attempt(db: None, services, settings: Any) -> None:
    settings.ERASURE_SERVICE_URLS = {**settings.ERASURE_SERVICE_URLS, "user": "http://127.0.0.1:9"}
    user_id = uuid.uuid4()
    erasure_jobs_record(user_id=user_id)

    erasure_jobs_deliver_due()

    job = ErasureJob.objects.get(user_id=user_id)
    assert job.service == "user" and job.attempts == 1 and "unreachable" in job.last_error


def test_backoff_doubles_and_is_capped(settings: Any) -> None:
    settings.ERASURE_BACKOFF_BASE_SECONDS = 2.0
    settings.ERASURE_BACKOFF_MAX_SECONDS = 10.0
    assert [backoff_seconds(n) for n in (1, 2, 3, 4, 9)] == [2.0, 4.0, 8.0, 10.0, 10.0]


def test_the_worker_command_delivers_once(db: None, services) -> None:
    user_id = uuid.uuid4()
    erasure_jobs_record(user_id=user_id)

    call_command("run_erasures", "--once")

    assert not ErasureJob.objects.filter(user_id=user_id).exists()
    assert all(len(fake.calls) == 1 for fake in services.values())
