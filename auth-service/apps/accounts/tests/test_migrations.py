"""Data migrations: stored emails take the shared normalisation; live pre-existing sessions get rows."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0002_sessions")]
AFTER = [("accounts", "0004_sessions_for_live_refresh_tokens")]


@pytest.fixture
def _back_to_latest() -> Iterator[None]:
    """The tests after this one need every migration applied again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_latest")
def test_emails_are_normalised_and_live_sessions_backfilled() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user_model, refresh_model = old.get_model("accounts", "User"), old.get_model("accounts", "RefreshToken")

    def user(email: str):
        return user_model.objects.create(email=email, password_hash="x", name="N")

    mulder, lookalike = user("Fox.Mulder@Example.COM"), user("\u017fam@example.org")
    plain, shadowed = user("sam@example.net"), user("\u017fam@example.net")  # would collide once normalised
    now = datetime.now(UTC)
    live, ended, expired = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for session_id, revoked, expires in ((live, False, now + timedelta(days=1)), (ended, True, now + timedelta(days=1)),
                                         (expired, False, now - timedelta(seconds=1))):  # fmt: skip
        refresh_model.objects.create(
            token_hash=uuid.uuid4().hex, user=mulder, session_id=session_id, expires_at=expires, revoked=revoked
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    users, sessions = new.get_model("accounts", "User"), new.get_model("accounts", "Session")
    emails = dict(users.objects.values_list("id", "email"))
    assert emails[mulder.id] == "fox.mulder@example.com"
    assert emails[lookalike.id] == "sam@example.org"
    assert (emails[plain.id], emails[shadowed.id]) == ("sam@example.net", "\u017fam@example.net")  # left for a person
    assert list(sessions.objects.values_list("id", "user_id")) == [(live, mulder.id)]

    # Leave the schema as the other tests expect it: every app's latest migration (the apps that depend
    # on accounts were unapplied on the way back to BEFORE).
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
