"""The analyses this service ran (table `analyses`): written once, re-read and updated by their owner only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.models import Analysis
from app.privacy.finality import ensure_not_erased


@dataclass(frozen=True, slots=True)
class AnalysisStore:
    session_factory: async_sessionmaker[AsyncSession]

    async def add(self, row: Analysis) -> None:
        """Refused (401 TOKEN_REVOKED) when the user has been erased meanwhile (app/privacy/finality.py)."""
        async with self.session_factory() as session, session.begin():
            await ensure_not_erased(session, row.user_id)
            session.add(row)

    async def remove(self, analysis_id: str) -> None:
        """Forget an analysis whose request was refused at the last step (its photo was not stored)."""
        async with self.session_factory() as session, session.begin():
            await session.execute(delete(Analysis).where(Analysis.id == uuid.UUID(analysis_id)))

    async def get_for_user(self, analysis_id: str, user_id: str) -> Analysis | None:
        try:
            key = uuid.UUID(analysis_id)
        except ValueError:
            return None
        async with self.session_factory() as session:
            return await session.scalar(select(Analysis).where(Analysis.id == key, Analysis.user_id == user_id))

    async def update(self, analysis_id: uuid.UUID, **values: Any) -> None:
        async with self.session_factory() as session:
            row = await session.get(Analysis, analysis_id, with_for_update=True)
            if row is None:
                return
            for name, value in values.items():
                setattr(row, name, value)
            await session.commit()
