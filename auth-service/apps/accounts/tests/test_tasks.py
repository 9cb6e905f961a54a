"""The scheduled jobs beat sends the auth service's workers (config/celery.py): refresh-token purge and
erasure delivery, with the periods from the settings."""

from datetime import UTC, datetime, timedelta

import pytest

from apps.accounts import services
from apps.accounts.models import RefreshToken
from apps.accounts.services import SessionResult
from apps.accounts.tasks import purge_refresh_tokens
from config.celery import DELIVER_ERASURES, PURGE_REFRESH_TOKENS, app

pytestmark = pytest.mark.django_db


def test_beat_schedules_the_purge_daily_and_erasure_delivery_every_poll() -> None:
    schedule = app.conf.beat_schedule
    assert schedule["purge-refresh-tokens"] == {"task": PURGE_REFRESH_TOKENS, "schedule": 24 * 3600.0}
    assert schedule["deliver-erasures"]["task"] == DELIVER_ERASURES
    app.loader.import_default_modules()
    assert {PURGE_REFRESH_TOKENS, DELIVER_ERASURES} <= set(app.tasks)


def test_the_purge_task_deletes_only_expired_refresh_tokens(registered: SessionResult) -> None:
    expired = services.session_login(email="dana@example.com", password="Correct-Horse-42")
    RefreshToken.objects.filter(session_id=expired.tokens.session_id).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )

    assert purge_refresh_tokens.apply().get() == 1
    assert list(RefreshToken.objects.values_list("session_id", flat=True)) == [registered.tokens.session_id]
