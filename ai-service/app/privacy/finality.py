"""Erasure is final: a user's writes and their erasure are serialised on one per-user lock.

Every write of a user's rows (an analysis, an upload record) runs `ensure_not_erased` in its own
transaction just before it writes: a transaction-level advisory lock on the user, then a look at
`erased_users`. The erasure takes the same lock, records the user there and deletes their rows in
one transaction. Whichever commits first, nothing of the user is left: a write that committed first is
deleted by the erasure; one that finishes later (an upload begun before the account was deleted whose
analysis took seconds) is refused with 401 TOKEN_REVOKED, and its photo file removed by the caller.
The same lock makes the photo quota check atomic (app/uploads.py `record_upload`).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from smartbreeds_common.errors import ApplicationError

from app.db.models import ErasedUser


def erased_user_hash(user_id: str) -> str:
    """What `erased_users` keeps: the SHA-256 of the id, never the id itself."""
    return hashlib.sha256(user_id.encode()).hexdigest()


def account_erased() -> ApplicationError:
    return ApplicationError("TOKEN_REVOKED", "This account has been deleted.", status=401)


async def lock_user_writes(session: AsyncSession, user_id: str) -> None:
    """Until the session's transaction ends, no other write or erasure for this user proceeds."""
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(f"user-writes:{user_id}", 0))))


async def ensure_not_erased(session: AsyncSession, user_id: str) -> None:
    """In the write's transaction, before writing: 401 TOKEN_REVOKED for an erased user."""
    await lock_user_writes(session, user_id)
    erased = select(ErasedUser.user_hash).where(ErasedUser.user_hash == erased_user_hash(user_id))
    if await session.scalar(erased) is not None:
        raise account_erased()


async def mark_erased(session: AsyncSession, user_id: str) -> None:
    """In the erasure's transaction, before deleting the rows."""
    await lock_user_writes(session, user_id)
    await session.execute(insert(ErasedUser).values(user_hash=erased_user_hash(user_id)).on_conflict_do_nothing())
