"""The analyses this service ran (table `analyses`): written once, re-read and updated by their owner only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.models import Analysis, ImageUpload
from app.privacy.finality import ensure_not_erased


@dataclass(frozen=True, slots=True)
class DeletedAnalysis:
    sha256: str
    file_name: str | None  # the photo's file, when nobody uses it any more (to remove from the storage)


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

    async def list_for_user(self, user_id: str, *, offset: int, limit: int) -> tuple[list[Analysis], int]:
        """The user's analyses, newest first, and how many there are."""
        async with self.session_factory() as session:
            total = await session.scalar(select(func.count()).select_from(Analysis).where(Analysis.user_id == user_id))
            rows = await session.scalars(
                select(Analysis)
                .where(Analysis.user_id == user_id)
                .order_by(Analysis.created_at.desc(), Analysis.id.desc())
                .offset(offset)
                .limit(limit)
            )
            return list(rows), int(total or 0)

    async def delete_for_user(self, analysis_id: str, user_id: str) -> DeletedAnalysis | None:
        """Remove the analysis; when neither a pet (it was saved to one) nor another of the user's
        analyses uses its photo, the user's upload record goes too, and the file when no other user
        uploaded it. None when the user has no such analysis."""
        try:
            key = uuid.UUID(analysis_id)
        except ValueError:
            return None
        async with self.session_factory() as session, session.begin():
            row = await session.scalar(
                select(Analysis).where(Analysis.id == key, Analysis.user_id == user_id).with_for_update()
            )
            if row is None:
                return None
            sha256 = row.image_sha256
            await session.delete(row)
            await session.flush()
            if row.pet_id is not None:
                return DeletedAnalysis(sha256, None)
            still_used = await session.scalar(
                select(func.count())
                .select_from(Analysis)
                .where(Analysis.user_id == user_id, Analysis.image_sha256 == sha256)
            )
            if still_used:
                return DeletedAnalysis(sha256, None)
            extension = await session.scalar(
                delete(ImageUpload)
                .where(ImageUpload.sha256 == sha256, ImageUpload.user_id == user_id)
                .returning(ImageUpload.extension)
            )
            others = await session.scalar(
                select(func.count()).select_from(ImageUpload).where(ImageUpload.sha256 == sha256)
            )
            if extension is None or others:
                return DeletedAnalysis(sha256, None)
            return DeletedAnalysis(sha256, f"{sha256}.{extension}")

    async def update(self, analysis_id: uuid.UUID, **values: Any) -> None:
        async with self.session_factory() as session:
            row = await session.get(Analysis, analysis_id, with_for_update=True)
            if row is None:
                return
            for name, value in values.items():
                setattr(row, name, value)
            await session.commit()
