"""Authority changes (password change, demotion, deactivation) racing a login or a refresh.

Each pair runs RUNS times against the real database and Redis, the two operations in two threads
started together, one of them after a random offset. Whatever the interleaving, no token the racing
login or refresh produced may still carry the authority the change took away, and the password the
change set is the one in force afterwards (a login never writes back the hash it read).
"""

import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.backends.signals import connection_created
from pytest_django.fixtures import Settings
from smartbreeds_common.errors import ApplicationError

from apps.accounts import revocation, services
from apps.accounts.models import Role, User
from apps.accounts.passwords import verify_password
from apps.accounts.tokens import TokenPair, decode_token

RUNS = 100
MAX_OFFSET_SECONDS = 0.006
OLD_PASSWORD = "Correct-Horse-42"
NEW_PASSWORD = "Battery-Staple-77"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cheap_hashing(settings: Settings) -> None:
    # Cheaper argon2 than production, so each run stays short.
    settings.ARGON2_TIME_COST = 1
    settings.ARGON2_MEMORY_COST_KIB = 256


def _no_commit_flush(sender: Any, connection: Any, **kwargs: Any) -> None:
    # This connection only (not the server's setting): commits need not wait for the disk. Hundreds of
    # short transactions per test on a shared machine otherwise spend most of their time in fsync.
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")


@pytest.fixture(autouse=True)
def _fast_commits() -> Iterator[None]:
    connection_created.connect(_no_commit_flush)
    connection.close()
    yield
    connection_created.disconnect(_no_commit_flush)


@pytest.fixture
def other_admin() -> User:
    return services.user_register(email="keeper@example.com", password=OLD_PASSWORD, name="Keeper").user


class Racer:
    """Two worker threads (each keeps its own database connection across runs) that start two calls
    together, one of them (at random) after a random offset."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.barrier = threading.Barrier(2)

    def _run(self, func: Callable[[], Any], delay: float) -> Any:
        try:
            self.barrier.wait()
            time.sleep(delay)
            return func()
        except ApplicationError as exc:
            return exc.code
        except Exception as exc:  # noqa: BLE001 - reported in the assertion, with its type
            return f"{type(exc).__name__}: {exc}"

    def race(self, first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
        """Each call's result, or its error code."""
        offset = random.uniform(0, MAX_OFFSET_SECONDS)
        delays = (offset, 0.0) if random.randrange(2) else (0.0, offset)
        futures = [
            self.pool.submit(self._run, func, delay) for func, delay in zip((first, second), delays, strict=True)
        ]
        return futures[0].result(), futures[1].result()

    def close(self) -> None:
        self.race(connection.close, connection.close)  # each worker closes its own connection
        self.pool.shutdown()


@pytest.fixture
def racer() -> Iterator[Racer]:
    racing = Racer()
    yield racing
    racing.close()


def _access_accepted(tokens: TokenPair) -> dict[str, Any] | None:
    """The claims when the gateway and the auth service would still accept the access token, else None."""
    try:
        return services.access_token_verify(access_token=tokens.access.token, user_id=None)
    except ApplicationError:
        return None


def _refreshed(tokens: TokenPair) -> TokenPair | None:
    """The tokens a refresh with this pair's refresh token gives, or None when it is refused."""
    try:
        return services.session_refresh(refresh_token=tokens.refresh.token).tokens
    except ApplicationError:
        return None


def _fresh_account(n: int, *, role: str = Role.USER) -> tuple[User, TokenPair, TokenPair]:
    """An account with two sessions: A (to refresh) and B (to change the password from)."""
    registered = services.user_register(email=f"racer{n}@example.com", password=OLD_PASSWORD, name="Race Runner")
    if role != Role.USER:
        User.objects.filter(id=registered.user.id).update(role=role)
    second = services.session_login(email=registered.user.email, password=OLD_PASSWORD)
    return registered.user, registered.tokens, second.tokens


def _fresh_accounts(count: int, settings: Settings, *, role: str) -> list[tuple[User, TokenPair, TokenPair]]:
    """`count` accounts in one transaction, hashed with other argon2 parameters than the race runs with,
    so every racing login also takes the rehash path (the write that must never restore a stale hash)."""
    settings.ARGON2_TIME_COST = 2
    with transaction.atomic():
        accounts = [_fresh_account(n, role=role) for n in range(count)]
    settings.ARGON2_TIME_COST = 1
    return accounts


Change = Callable[[User, TokenPair, User], Callable[[], Any]]


def _change_password(user: User, session_b: TokenPair, admin: User) -> Callable[[], Any]:
    return lambda: services.password_change(
        access_token=session_b.access.token,
        user_id=str(user.id),
        current_password=OLD_PASSWORD,
        new_password=NEW_PASSWORD,
    )


def _demote(user: User, session_b: TokenPair, admin: User) -> Callable[[], Any]:
    return lambda: services.admin_user_update(admin=admin, user_id=str(user.id), role=Role.USER)


def _deactivate(user: User, session_b: TokenPair, admin: User) -> Callable[[], Any]:
    return lambda: services.admin_user_update(admin=admin, user_id=str(user.id), is_active=False)


def _violations(kind: str, user: User, issued: TokenPair | None) -> list[str]:
    """What the racing login/refresh left behind that the change should have taken away."""
    found: list[str] = []
    row = User.objects.get(id=user.id)
    if kind == "password" and not verify_password(row.password_hash, NEW_PASSWORD):
        found.append("the old password is back in force")
    if issued is None:
        return found
    claims = _access_accepted(issued)
    if kind == "password" and claims is not None:
        found.append("an access token issued with the old password is accepted")
    if kind == "demotion" and claims is not None and claims["role"] != row.role:
        found.append(f"an accepted access token says role={claims['role']}, the account is {row.role}")
    if kind == "deactivation" and claims is not None:
        found.append("a deactivated account holds an accepted access token")
    refreshed = _refreshed(issued)
    if kind in ("password", "deactivation") and refreshed is not None:
        found.append("the racing session's refresh token still refreshes")
    if kind == "demotion" and refreshed is not None:
        role = decode_token(refreshed.access.token, expected_type="access")["role"]
        if role != row.role:
            found.append(f"a refresh after the demotion gives role={role}")
    return found


CHANGES: dict[str, tuple[Change, str]] = {
    "password": (_change_password, Role.USER),
    "demotion": (_demote, Role.ADMIN),
    "deactivation": (_deactivate, Role.USER),
}


@pytest.mark.parametrize("racing", ["login", "refresh"])
@pytest.mark.parametrize("kind", list(CHANGES))
def test_an_authority_change_racing_a_login_or_refresh_never_leaves_the_old_authority(
    kind: str, racing: str, other_admin: User, settings: Settings, racer: Racer
) -> None:
    User.objects.filter(id=other_admin.id).update(role=Role.ADMIN)
    admin = User.objects.get(id=other_admin.id)
    make_change, role = CHANGES[kind]
    problems: list[str] = []
    outcomes: dict[str, int] = {}
    for n, (user, session_a, session_b) in enumerate(_fresh_accounts(RUNS, settings, role=role)):
        race_op = (
            partial(services.session_login, email=user.email, password=OLD_PASSWORD)
            if racing == "login"
            else partial(services.session_refresh, refresh_token=session_a.refresh.token)
        )
        raced, changed = racer.race(race_op, make_change(user, session_b, admin))
        assert not isinstance(changed, str), f"run {n}: the {kind} itself failed with {changed}"
        issued = raced.tokens if isinstance(raced, services.SessionResult) else None
        outcomes["issued" if issued else str(raced)] = outcomes.get("issued" if issued else str(raced), 0) + 1
        problems += [f"run {n}: {p}" for p in _violations(kind, user, issued)]
    assert not problems, f"{len(problems)} violations ({outcomes}): {problems[:5]}"


def test_bump_auth_version_voids_every_token_of_the_older_version() -> None:
    user, session_a, session_b = _fresh_account(0)
    with transaction.atomic():
        version = services.bump_auth_version(user=User.objects.get(id=user.id))
    assert User.objects.get(id=user.id).auth_version == version
    assert _access_accepted(session_a) is None
    assert _access_accepted(session_b) is None
    assert _refreshed(session_a) is None
    fresh = services.session_login(email=user.email, password=OLD_PASSWORD)
    assert decode_token(fresh.tokens.access.token, expected_type="access")["av"] == version
    assert _access_accepted(fresh.tokens) is not None


def test_a_login_repairs_a_version_whose_database_write_was_lost() -> None:
    # A bump wrote Redis and its transaction then failed: the row is behind the Redis version. The next
    # login (under the row lock, so no bump is in flight) catches the row up instead of issuing dead tokens.
    user, _, _ = _fresh_account(0)
    revocation.raise_user_version(str(user.id), 7)
    fresh = services.session_login(email=user.email, password=OLD_PASSWORD)
    assert User.objects.get(id=user.id).auth_version == 7
    assert _access_accepted(fresh.tokens) is not None
