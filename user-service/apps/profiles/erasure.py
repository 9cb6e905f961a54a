"""Erasure is final: a user's writes and their erasure are serialised on one per-user lock.

Every write for a user runs `ensure_not_erased` inside its transaction, just before it writes: it takes
a transaction-level advisory lock on the user and refuses (401 TOKEN_REVOKED) when the user is in
`erased_users`. The erasure takes the same lock, records the user there and deletes their rows in one
transaction. Whichever commits first, nothing of the user is left: a write that committed first is
deleted by the erasure, one that comes after (a request that began before the account was deleted) is
refused. docs/privacy.md and docs/sessions.md describe the whole chain.
"""

import hashlib
from uuid import UUID

from django.db import connection, transaction
from smartbreeds_common.errors import ApplicationError

from apps.profiles.models import ErasedUser


def account_erased() -> ApplicationError:
    return ApplicationError("TOKEN_REVOKED", "This account has been deleted.", status=401)


def erased_user_hash(user_id: UUID) -> str:
    """What `erased_users` keeps: the SHA-256 of the id, never the id itself."""
    return hashlib.sha256(str(user_id).encode()).hexdigest()


def is_erased(*, user_id: UUID) -> bool:
    return ErasedUser.objects.filter(user_hash=erased_user_hash(user_id)).exists()


def lock_user_writes(*, user_id: UUID) -> None:
    """Until the transaction ends, no other write or erasure for this user proceeds."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_user_writes must run inside a transaction")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"user-writes:{user_id}"])


def ensure_not_erased(*, user_id: UUID) -> None:
    """Call inside the write's transaction, before writing: 401 TOKEN_REVOKED for an erased user."""
    lock_user_writes(user_id=user_id)
    if is_erased(user_id=user_id):
        raise account_erased()


def mark_erased(*, user_id: UUID) -> None:
    """Inside the erasure's transaction, before deleting the rows."""
    lock_user_writes(user_id=user_id)
    ErasedUser.objects.get_or_create(user_hash=erased_user_hash(user_id))
