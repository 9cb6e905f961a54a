"""Pet analyses run by this service (the answer of POST /pets/analyze), kept for history and audit, and
who uploaded which stored image (GET /uploads/{name} serves a photo only to its uploaders)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Float, String, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class Analysis(Base):
    __tablename__ = "analyses"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    pet_id: Mapped[str | None] = mapped_column(String(64), index=True)
    image_sha256: Mapped[str] = mapped_column(String(64))
    image_url: Mapped[str] = mapped_column(String(300))
    breed: Mapped[str] = mapped_column(String(120))
    species: Mapped[str] = mapped_column(String(8))
    confidence: Mapped[float] = mapped_column(Float)
    result: Mapped[dict[str, Any]] = mapped_column(JSONB)
    degraded: Mapped[list[str]] = mapped_column(JSONB, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ImageUpload(Base):
    """One user's upload of one stored image (`<sha256>.<extension>` in UPLOAD_DIR); the same photo
    uploaded by two users is one file and two rows."""

    __tablename__ = "uploaded_images"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)  # the quota sums per user
    extension: Mapped[str] = mapped_column(String(8))
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)  # of the stored copy, for the quota
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ErasedUser(Base):
    """A user whose data was erased (account deletion): no write for them is accepted again
    (app/privacy/finality.py). Only the SHA-256 of the user id is kept: no table names an erased user."""

    __tablename__ = "erased_users"

    user_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
